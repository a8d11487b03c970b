/**
 * The function's retry policy (functions/chat/core/retry.ts): bounded back-off, the upstream's
 * Retry-After, the deadline, the caller; then through the handlers with an injected client.
 */
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { createChatHandlers, fallbackHttpResponseStreamFrom } from "../../functions/chat/app";
import { loadConfig } from "../../functions/chat/core/config";
import { startDeadline } from "../../functions/chat/core/deadline";
import { toErrorResponse } from "../../functions/chat/core/errors";
import type { RequestLog } from "../../functions/chat/core/log";
import { type Attempts, decideRetry, MAX_RETRY_DELAY_MS, MIN_ATTEMPT_MS, sleep, THROTTLING_BASE_DELAY_MS, withRetries } from "../../functions/chat/core/retry";
import { CapturedResponse, lambdaContext, proxyEvent } from "../../dev/lambda-runtime";

const throttled = (retryAfter?: string) =>
  Object.assign(new Error("slow down"), { name: "ThrottlingException", $fault: "client", $metadata: { httpStatusCode: 429 }, $response: { statusCode: 429, headers: retryAfter === undefined ? {} : { "retry-after": retryAfter } } });
const answer = { output: { message: { role: "assistant", content: [{ text: "ok" }] } }, stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } };

describe("decideRetry", () => {
  const base = { failure: toErrorResponse(throttled()), attempts: 1, maxAttempts: 3, remainingMs: 20_000, random: 0.5 };

  it("backs off exponentially with jitter, harder for throttling, and never longer than the cap", () => {
    expect(decideRetry(base)).toEqual({ retry: true, delayMs: 0.5 * THROTTLING_BASE_DELAY_MS });
    expect(decideRetry({ ...base, attempts: 2 })).toEqual({ retry: true, delayMs: THROTTLING_BASE_DELAY_MS });
    expect(decideRetry({ ...base, attempts: 9, maxAttempts: 10, random: 0.999 })).toEqual({ retry: true, delayMs: Math.floor(0.999 * MAX_RETRY_DELAY_MS) });
    const unreachable = toErrorResponse(Object.assign(new Error("socket hang up"), { name: "TimeoutError", code: "ECONNRESET" }));
    expect(decideRetry({ ...base, failure: unreachable })).toEqual({ retry: true, delayMs: 50 });
  });

  it("waits at least what the upstream asked for, within the cap", () => {
    expect(decideRetry({ ...base, upstreamRetryAfterSeconds: 1 })).toEqual({ retry: true, delayMs: 1000 });
  });

  it("does not wait for an upstream Retry-After longer than the cap: the client hears it at once", () => {
    expect(decideRetry({ ...base, upstreamRetryAfterSeconds: 3600 })).toEqual({ retry: false, reason: "retry_after_too_long" });
  });

  it("does not start an attempt the time left cannot cover", () => {
    expect(decideRetry({ ...base, remainingMs: MIN_ATTEMPT_MS + 249 })).toEqual({ retry: false, reason: "no_time" });
    expect(decideRetry({ ...base, remainingMs: MIN_ATTEMPT_MS + 250 })).toEqual({ retry: true, delayMs: 250 });
  });

  it("stops when the attempts are spent, and never retries what is not retryable", () => {
    expect(decideRetry({ ...base, attempts: 3 })).toEqual({ retry: false, reason: "attempts_spent" });
    for (const name of ["ValidationException", "AccessDeniedException", "ModelErrorException", "ServiceQuotaExceededException", "TypeError"]) {
      expect(decideRetry({ ...base, failure: toErrorResponse(Object.assign(new Error("x"), { name })) })).toEqual({ retry: false, reason: "not_retryable" });
    }
  });
});

describe("withRetries", () => {
  it("stops waiting and rethrows when the caller goes away", async () => {
    const deadline = startDeadline(30_000);
    const attempts: Attempts = { count: 0, waitedMs: 0 };
    const work = withRetries(() => Promise.reject(throttled("2")), { deadline, maxAttempts: 3, random: () => 0, attempts });
    setTimeout(() => deadline.abort(), 20);
    const started = Date.now();
    await expect(work).rejects.toThrow("client disconnected");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(attempts.count).toBe(1);
    deadline.clear();
  });

  it("gives the last failure as it was once the attempts are spent", async () => {
    const deadline = startDeadline(30_000);
    const attempts: Attempts = { count: 0, waitedMs: 0 };
    await expect(withRetries(() => Promise.reject(throttled()), { deadline, maxAttempts: 3, random: () => 0, attempts })).rejects.toMatchObject({ name: "ThrottlingException" });
    expect(attempts).toEqual({ count: 3, waitedMs: 0 });
    deadline.clear();
  });

  it("sleep ends early on an abort", async () => {
    const controller = new AbortController();
    const slept = sleep(10_000, controller.signal);
    controller.abort(new Error("gone"));
    await expect(slept).rejects.toThrow("gone");
  });
});

describe("through the handlers", () => {
  function handlers(failures: Error[], records: RequestLog[]) {
    let calls = 0;
    const client = {
      send: (async (command: unknown) => {
        calls += 1;
        const failure = failures.shift();
        if (failure !== undefined) throw failure;
        if (command instanceof ConverseCommand) return answer;
        return { stream: (async function* () { yield { messageStop: { stopReason: "end_turn" } }; yield { metadata: { usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } } }; })() };
      }) as never,
    };
    const chat = createChatHandlers({ config: loadConfig({ MODEL_ID: "amazon.nova-lite-v1:0" }), client, log: (record) => records.push(record), now: () => 0, httpResponseStreamFrom: () => fallbackHttpResponseStreamFrom, random: () => 0 });
    return { chat, calls: () => calls };
  }
  const event = () => proxyEvent({ body: '{"message":"Hi"}' });

  it("answers after a throttle it retried, and logs the attempts", async () => {
    const records: RequestLog[] = [];
    const { chat, calls } = handlers([throttled(), throttled()], records);
    expect((await chat.buffered(event(), lambdaContext())).statusCode).toBe(200);
    expect(calls()).toBe(3);
    expect(records[0]).toMatchObject({ outcome: "ok", attempts: 3 });
  });

  it("answers 429 with Retry-After rather than 504 when the budget cannot cover a retry", async () => {
    const records: RequestLog[] = [];
    const { chat, calls } = handlers([throttled("1"), throttled("1")], records);
    const result = await chat.buffered(event(), lambdaContext(1_800)); // budget 900 ms
    expect(result.statusCode).toBe(429);
    expect(result.headers["retry-after"]).toBe("1");
    expect(calls()).toBe(1);
    expect(records[0]).toMatchObject({ outcome: "throttled", code: "THROTTLED", attempts: 1 });
  });

  it("streaming: retries before the stream starts", async () => {
    const records: RequestLog[] = [];
    const { chat, calls } = handlers([throttled()], records);
    const response = new CapturedResponse();
    await chat.streaming(event(), response.stream, lambdaContext());
    await response.finished;
    expect(response.result().statusCode).toBe(200);
    expect(calls()).toBe(2);
  });
});
