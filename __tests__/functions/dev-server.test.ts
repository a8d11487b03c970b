/** `npm run dev`'s server: POST /chat served like API Gateway would, against the in-process stand-in. */
import { parseSse } from "../../functions/chat/core/sse";
import { DEFAULT_ANSWER } from "../../dev/bedrock-stand-in";
import { type DevServer, startDevServer } from "../../dev/server";

const quiet = { log: () => undefined, env: { SYSTEM_PROMPT: "Be brief.", BEDROCK_MAX_ATTEMPTS: "1" } };
const post = (url: string, body: string, contentType = "application/json") => fetch(`${url}/chat`, { method: "POST", headers: { "content-type": contentType }, body });

describe("dev server", () => {
  let streaming: DevServer;
  let buffered: DevServer;

  beforeAll(async () => {
    streaming = await startDevServer({ port: 0, ...quiet, staticFiles: (req, res) => {
      if (req.url !== "/") return false;
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<h1>chat</h1>");
      return true;
    } });
    buffered = await startDevServer({ port: 0, responseMode: "buffered", ...quiet });
  });

  afterAll(async () => {
    await streaming?.close();
    await buffered?.close();
  });

  it("streams SSE from the stand-in by default", async () => {
    const response = await post(streaming.url, JSON.stringify({ message: "Hi" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const events = parseSse(await response.text());
    expect(events.filter((event) => event.event === "delta").map((event) => (event.data as { text: string }).text).join("")).toBe(DEFAULT_ANSWER);
    expect(events.at(-1)?.event).toBe("done");
    expect(streaming.standIn?.requests.at(-1)?.body).toMatchObject({ system: [{ text: "Be brief." }] });
  });

  it("answers buffered JSON in buffered mode", async () => {
    const response = await post(buffered.url, JSON.stringify({ message: "Hi" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ content: DEFAULT_ANSWER, stopReason: "end_turn" });
  });

  it("passes the function's status and headers through, e.g. a scripted throttle", async () => {
    streaming.standIn?.enqueue({ type: "error", status: 429, errorType: "ThrottlingException" });
    const response = await post(streaming.url, JSON.stringify({ message: "Hi" }));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("THROTTLED");
  });

  it("answers with API Gateway's request id header, the id the function logs as apiRequestId", async () => {
    const records: { apiRequestId?: string }[] = [];
    const server = await startDevServer({ port: 0, responseMode: "buffered", env: quiet.env, log: (record) => records.push(record) });
    try {
      const first = await post(server.url, JSON.stringify({ message: "Hi" }));
      const second = await post(server.url, JSON.stringify({ message: "Hi" }));
      const ids = [first.headers.get("x-amzn-requestid"), second.headers.get("x-amzn-requestid")];
      expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(ids[1]).not.toBe(ids[0]);
      expect(records.map((record) => record.apiRequestId)).toEqual(ids);
    } finally {
      await server.close();
    }
    const streamed = await post(streaming.url, JSON.stringify({ message: "Hi" }));
    expect(streamed.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    await streamed.text();
  });

  it("answers client mistakes with 4xx JSON", async () => {
    const response = await post(streaming.url, "not json", "text/plain");
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("serves the static mount and 404s elsewhere", async () => {
    expect(await (await fetch(`${streaming.url}/`)).text()).toBe("<h1>chat</h1>");
    expect((await fetch(`${streaming.url}/nope`)).status).toBe(404);
    expect((await fetch(`${streaming.url}/chat`)).status).toBe(405);
  });
});
