/**
 * `npm run dev`: the chat route on localhost, served the way API Gateway (REST, proxy
 * integration) would serve it: each `POST /chat` becomes a proxy event, runs the chat function
 * (buffered or streamed), and its result or its response stream (prelude + body) becomes the
 * HTTP response.
 *
 * Bedrock: the in-process stand-in by default (no AWS account needed); real Bedrock with
 * `DEV_BEDROCK=aws` (credentials and region from the usual AWS environment/profile, `MODEL_ID`
 * required). Environment:
 *   PORT               port (default 8787; 0 = any free port)
 *   DEV_BEDROCK        stand-in | aws (default stand-in)
 *   DEV_RESPONSE_MODE  stream | buffered (default stream; what the API's integration would use)
 *   MODEL_ID, SYSTEM_PROMPT, GUARDRAIL_*, LOG_CONTENT, MAX_*: as in the deployed function.
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import { createBedrockClient } from "../functions/chat/bedrock-client";
import { type ChatDependencies, createChatHandlers, fallbackHttpResponseStreamFrom } from "../functions/chat/app";
import { loadConfig } from "../functions/chat/core/config";
import { ChatConfigError } from "../functions/chat/core/errors";
import type { RequestLog } from "../functions/chat/core/log";
import { type BedrockStandIn, type BedrockStandInOptions, startBedrockStandIn } from "./bedrock-stand-in";
import { lambdaContext, proxyEvent, ResponseStreamSink, splitPrelude } from "./lambda-runtime";
import { staticFiles } from "./static-files";
import { stopWithParent } from "./stop-with-parent";

export interface DevServerOptions {
  /** @default 8787; 0 picks a free port */
  readonly port?: number;
  /** @default "127.0.0.1" (loopback only) */
  readonly host?: string;
  /** How `/chat` answers, like the API's integration mode. @default "stream" */
  readonly responseMode?: "stream" | "buffered";
  /** @default "stand-in": an in-process bedrock-runtime stand-in; "aws": real Bedrock. */
  readonly bedrock?: "stand-in" | "aws";
  readonly standIn?: BedrockStandInOptions;
  /** The function's environment (MODEL_ID, SYSTEM_PROMPT, limits, …). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The simulated Lambda timeout. @default 30000 */
  readonly functionTimeoutMs?: number;
  /**
   * Mount point for static files (the chat page of a later issue): called for every request
   * that is not `POST /chat`; return true when it answered.
   */
  readonly staticFiles?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>;
  /** Where the function's structured logs go. @default one JSON line per request on stderr */
  readonly log?: (record: RequestLog) => void;
}

export interface DevServer {
  /** `http://host:port` (the chat route is `${url}/chat`). */
  readonly url: string;
  /** The stand-in, when one was started (to script behaviours). */
  readonly standIn?: BedrockStandIn;
  close(): Promise<void>;
}

/** API Gateway's request id header on every answer of a deployed stage. */
const REQUEST_ID_HEADER = "x-amzn-RequestId";
/** API Gateway's request payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const STAND_IN_MODEL_ID = "stand-in.chat-model-v1";

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function singleHeaders(req: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(",") : value;
  }
  return headers;
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const mode = options.responseMode ?? "stream";
  const useAws = options.bedrock === "aws";
  const standIn = useAws ? undefined : await startBedrockStandIn(options.standIn);
  const baseEnv = options.env ?? process.env;
  const env = standIn === undefined ? baseEnv : { ...baseEnv, MODEL_ID: baseEnv.MODEL_ID ?? STAND_IN_MODEL_ID, BEDROCK_ENDPOINT: standIn.url };

  let config: ChatDependencies["config"];
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ChatConfigError)) throw error;
    config = error; // served as the function would: 500 CONFIG_ERROR, details in the log
  }
  const client = createBedrockClient(
    config instanceof ChatConfigError ? {} : config,
    standIn === undefined ? {} : { region: "us-east-1", credentials: { accessKeyId: "AKIDSTANDIN", secretAccessKey: "stand-in" } },
  );
  const chat = createChatHandlers({
    config,
    client,
    log: options.log ?? ((record) => process.stderr.write(`${JSON.stringify(record)}\n`)),
    now: () => Date.now(),
    httpResponseStreamFrom: () => fallbackHttpResponseStreamFrom,
  });
  const timeoutMs = options.functionTimeoutMs ?? 30_000;

  const serveChat = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const body = await readBody(req);
    if (body === undefined) return sendJson(res, 413, { message: "Request Too Long" }); // API Gateway's own answer
    // API Gateway answers with its request id, the one the function logs as apiRequestId.
    const requestId = randomUUID();
    const event = proxyEvent({ method: req.method ?? "POST", path: "/chat", headers: singleHeaders(req), body, requestId });
    const context = lambdaContext(timeoutMs);
    if (mode === "buffered") {
      const result = await chat.buffered(event, context);
      res.writeHead(result.statusCode, { ...result.headers, [REQUEST_ID_HEADER]: requestId });
      res.end(result.body);
      return;
    }
    // Streaming: parse the prelude as API Gateway does, then pass body bytes through as they come.
    let pending: Buffer | undefined = Buffer.alloc(0);
    const sink = new ResponseStreamSink((chunk) => {
      if (pending === undefined) {
        res.write(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      const split = splitPrelude(pending);
      if (split === undefined) return;
      pending = undefined;
      res.writeHead(split.prelude.statusCode, { ...split.prelude.headers, [REQUEST_ID_HEADER]: requestId });
      res.flushHeaders();
      if (split.body.length > 0) res.write(split.body);
    });
    res.once("close", () => {
      if (!sink.writableFinished) sink.destroy(); // the client went away: the function sees its stream close
    });
    sink.once("finish", () => {
      if (pending !== undefined) sendJson(res, 502, { message: "Internal server error" });
      else res.end();
    });
    await chat.streaming(event, sink, context);
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const work = async (): Promise<void> => {
      if (path === "/chat") {
        if (req.method === "POST") return serveChat(req, res);
        return sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "Use POST." } });
      }
      // ---- static files mount point (the chat page) ----
      if (options.staticFiles !== undefined && (await options.staticFiles(req, res))) return;
      sendJson(res, 404, { message: "Not Found" });
    };
    work().catch((error: unknown) => {
      process.stderr.write(`dev server: ${error instanceof Error ? error.stack : String(error)}\n`);
      if (!res.headersSent) sendJson(res, 502, { message: "Internal server error" });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8787, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as import("node:net").AddressInfo;
  const host = address.address.includes(":") ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    ...(standIn === undefined ? {} : { standIn }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client.destroy();
      await standIn?.close();
    },
  };
}

if (require.main === module) {
  const port = process.env.PORT === undefined ? 8787 : Number(process.env.PORT);
  const bedrock = process.env.DEV_BEDROCK === "aws" ? "aws" : "stand-in";
  const responseMode = process.env.DEV_RESPONSE_MODE === "buffered" ? "buffered" : "stream";
  if (bedrock === "aws" && !process.env.MODEL_ID) {
    process.stderr.write("DEV_BEDROCK=aws needs MODEL_ID (e.g. us.anthropic.claude-sonnet-4-5-20250929-v1:0) and AWS credentials/region.\n");
    process.exit(2);
  }
  // The chat page (web/) on the same origin as /chat: no CORS needed locally.
  startDevServer({ port, bedrock, responseMode, staticFiles: staticFiles() })
    .then((dev) => {
      const curlFlags = responseMode === "stream" ? "-N " : "";
      process.stdout.write(
        [
          `chat dev server: ${dev.url}/chat  (${responseMode}, Bedrock: ${bedrock === "aws" ? `AWS ${process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "(default region)"}` : `stand-in at ${dev.standIn?.url}`})`,
          `chat page:       ${dev.url}/`,
          "try:",
          `  curl ${curlFlags}-X POST ${dev.url}/chat -H 'content-type: application/json' -d '{"message":"Hello!"}'`,
          "",
        ].join("\n"),
      );
      stopWithParent(() => void dev.close().then(() => process.exit(0)));
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
