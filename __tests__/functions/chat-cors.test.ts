/** The function's side of CORS: the allowed origin echoed on its own answers (buffered, streamed, errors), nothing for others. */
import { ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { createChatHandlers, fallbackHttpResponseStreamFrom } from "../../functions/chat/app";
import { loadConfig } from "../../functions/chat/core/config";
import { ChatConfigError } from "../../functions/chat/core/errors";
import { corsHeaders } from "../../functions/chat/core/http";
import { CapturedResponse, lambdaContext, proxyEvent } from "../../dev/lambda-runtime";

const ORIGIN = "https://chat.example.com";
const base = { MODEL_ID: "amazon.nova-lite-v1:0" };

function handlers(env: Record<string, string>) {
  const client = {
    send: (async (command: unknown) => {
      if (command instanceof ConverseCommand) {
        return { output: { message: { role: "assistant", content: [{ text: "Hi" }] } }, stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1 } };
      }
      if (command instanceof ConverseStreamCommand) {
        return { stream: (async function* () { yield { messageStop: { stopReason: "end_turn" } }; })() };
      }
      throw new Error("unexpected command");
    }) as never,
  };
  return createChatHandlers({ config: loadConfig({ ...base, ...env }), client, log: () => undefined, now: () => 0, httpResponseStreamFrom: () => fallbackHttpResponseStreamFrom });
}

const event = (origin?: string, body: unknown = { message: "Hello" }) =>
  proxyEvent({ body: JSON.stringify(body), headers: { "content-type": "application/json", ...(origin ? { Origin: origin } : {}) } });

describe("CORS in the chat function", () => {
  const cors = { CORS_ALLOWED_ORIGINS: `${ORIGIN},http://localhost:3000` };

  test("without CORS_ALLOWED_ORIGINS there are no CORS headers at all", async () => {
    const result = await handlers({}).buffered(event(ORIGIN), lambdaContext());
    expect(Object.keys(result.headers).filter((name) => name.startsWith("access-control") || name === "vary")).toEqual([]);
  });

  test("an allowed origin is echoed, with Vary: Origin and Retry-After exposed", async () => {
    const result = await handlers(cors).buffered(event(ORIGIN), lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({ "access-control-allow-origin": ORIGIN, vary: "Origin", "access-control-expose-headers": "Retry-After" });
    expect(result.headers).not.toHaveProperty("access-control-allow-credentials");
  });

  test("another origin gets no Allow-Origin header (the browser refuses), never a wildcard", async () => {
    const result = await handlers(cors).buffered(event("https://evil.example"), lambdaContext());
    expect(result.headers).not.toHaveProperty("access-control-allow-origin");
    expect(result.headers.vary).toBe("Origin");
  });

  test("error answers carry the headers too, so that the page can read why", async () => {
    const result = await handlers(cors).buffered(event(ORIGIN, { message: "" }), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(result.headers["access-control-allow-origin"]).toBe(ORIGIN);
  });

  test("streamed answers carry them in the prelude", async () => {
    const captured = new CapturedResponse();
    await handlers(cors).streaming(event("http://localhost:3000"), captured.stream, lambdaContext());
    await captured.finished;
    expect(captured.result().headers).toMatchObject({ "access-control-allow-origin": "http://localhost:3000", "content-type": expect.stringMatching(/event-stream/) });
  });

  test("credentials are allowed only when configured", () => {
    expect(corsHeaders({ allowedOrigins: [ORIGIN], allowCredentials: true }, { origin: ORIGIN })).toMatchObject({ "access-control-allow-credentials": "true" });
  });

  test('"*" allows every origin, as "*"', () => {
    expect(corsHeaders({ allowedOrigins: ["*"], allowCredentials: false }, { Origin: "https://any.example" })["access-control-allow-origin"]).toBe("*");
  });

  test.each([
    [{ CORS_ALLOWED_ORIGINS: "*", CORS_ALLOW_CREDENTIALS: "true" }, "CORS_ALLOW_CREDENTIALS cannot be true with a * origin"],
    [{ CORS_ALLOWED_ORIGINS: "chat.example.com" }, "CORS_ALLOWED_ORIGINS must be a comma-separated list of origins"],
    [{ CORS_ALLOWED_ORIGINS: ORIGIN, CORS_ALLOW_CREDENTIALS: "yes" }, "CORS_ALLOW_CREDENTIALS must be 'true' or 'false', got 'yes'"],
  ])("a bad CORS environment %j is a configuration error naming the variable", (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ChatConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });
});
