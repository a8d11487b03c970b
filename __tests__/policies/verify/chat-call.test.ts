/**
 * The chat call as the API sees it: a loopback server records what arrives and answers as scripted
 * (API Gateway's own errors, a stream that breaks off), and the local chat API (the dev server)
 * answers for real.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { type DevServer, startDevServer } from "../../../dev/server";
import { callChat, type ChatCallOptions } from "../../../policies/verify/chat-call";

interface Recorded {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A server that records each request and answers with `answer`. */
async function scripted(answer: (res: http.ServerResponse) => void): Promise<{ url: string; requests: Recorded[]; close: () => Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/chat`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const BASE: Omit<ChatCallOptions, "url"> = {
  message: "Reply with the single word: ready.",
  authorization: "AWS_IAM",
  region: "eu-west-1",
  credentials: async () => ({ accessKeyId: "AKIDTEST", secretAccessKey: "secret", sessionToken: "token" }),
  timeoutMs: 5000,
};

describe("callChat: what it sends", () => {
  it("AWS_IAM: POST { message } signed with SigV4 for execute-api in the API's region", async () => {
    const server = await scripted((res) => res.writeHead(200, { "content-type": "application/json" }).end('{"content":"ready"}'));
    try {
      await callChat({ ...BASE, url: server.url });
      const [request] = server.requests;
      expect(JSON.parse(request.body)).toEqual({ message: "Reply with the single word: ready." });
      expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
      expect(request.headers["x-amz-security-token"]).toBe("token");
      expect(request.headers.host).toBe(new URL(server.url).host);
    } finally {
      await server.close();
    }
  });

  it("Cognito: the token as Authorization, no signature; a usage plan's key as x-api-key; NONE: neither", async () => {
    const server = await scripted((res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    try {
      await callChat({ ...BASE, url: server.url, authorization: "COGNITO_USER_POOLS", bearerToken: "eyJ.id.token", apiKey: "key-123" });
      await callChat({ ...BASE, url: server.url, authorization: "NONE" });
      expect(server.requests[0].headers).toMatchObject({ authorization: "eyJ.id.token", "x-api-key": "key-123" });
      expect(server.requests[0].headers).not.toHaveProperty("x-amz-date");
      expect(server.requests[1].headers).not.toHaveProperty("authorization");
      expect(server.requests[1].headers).not.toHaveProperty("x-api-key");
    } finally {
      await server.close();
    }
  });
});

describe("callChat: what it records", () => {
  it("API Gateway's own refusal: status, error type, request id and body", async () => {
    const server = await scripted((res) =>
      res
        .writeHead(403, { "content-type": "application/json", "x-amzn-RequestId": "req-1", "x-amzn-ErrorType": "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/" })
        .end('{"message":"User: arn:aws:sts::111122223333:assumed-role/x/y is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:eu-west-1:111122223333:abc/v1/POST/chat"}'),
    );
    try {
      const result = await callChat({ ...BASE, url: server.url });
      expect(result).toMatchObject({ status: 403, apiRequestId: "req-1", gatewayErrorType: "AccessDeniedException", json: { message: expect.stringMatching(/execute-api:Invoke/) } });
    } finally {
      await server.close();
    }
  });

  it("a body that is not JSON is kept as text", async () => {
    const server = await scripted((res) => res.writeHead(502, { "content-type": "text/html" }).end("<html>Bad Gateway</html>"));
    try {
      expect(await callChat({ ...BASE, url: server.url })).toMatchObject({ status: 502, text: "<html>Bad Gateway</html>" });
    } finally {
      await server.close();
    }
  });

  it("a stream that breaks off keeps the events that arrived, and says it broke", async () => {
    const server = await scripted((res) => {
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8" });
      res.write('event: start\ndata: {"modelId":"m"}\n\nevent: delta\ndata: {"text":"rea"}\n\n');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      const result = await callChat({ ...BASE, url: server.url });
      expect(result.events?.map((event) => event.event)).toEqual(["start", "delta"]);
      expect(result.transportError).toBeDefined();
    } finally {
      await server.close();
    }
  });

  it("no answer at all: the cause by its code, no status", async () => {
    const server = await scripted(() => undefined);
    const url = server.url;
    await server.close();
    const result = await callChat({ ...BASE, url });
    expect(result.status).toBeUndefined();
    expect(result.transportError).toMatch(/ECONNREFUSED/);
  });

  it("a call that takes too long is cut at the timeout", async () => {
    const server = await scripted(() => undefined); // never answers
    try {
      const result = await callChat({ ...BASE, url: server.url, timeoutMs: 100 });
      expect(result.transportError).toBe("no complete answer within 100 ms");
    } finally {
      await server.close();
    }
  });
});

describe("callChat against the local chat API", () => {
  let streaming: DevServer;
  beforeAll(async () => {
    streaming = await startDevServer({ port: 0, log: () => undefined, env: { BEDROCK_MAX_ATTEMPTS: "1" } });
  });
  afterAll(async () => streaming?.close());

  it("reads the stream event by event to its end, with the request id", async () => {
    streaming.standIn!.setDefault({ type: "answer", text: "ready and waiting", chunkChars: 3, chunkDelayMs: 5 });
    const result = await callChat({ ...BASE, url: `${streaming.url}/chat` });
    expect(result.status).toBe(200);
    expect(result.events?.map((event) => event.event)).toEqual(["start", "delta", "delta", "delta", "delta", "delta", "delta", "done"]);
    expect(result.apiRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.firstEventMs).toBeLessThanOrEqual(result.durationMs);
  });
});
