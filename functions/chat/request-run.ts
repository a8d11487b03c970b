/**
 * One chat request as it goes, in either mode: what is known so far (the configuration, the
 * request, the deadline: each absent until it was read or started, so a failure logs exactly
 * what had been reached), the Bedrock calls made, and the one log record it ends with.
 */
import type { ChatConfig } from "./core/config";
import type { AnswerSummary } from "./core/converse";
import { type Deadline, deadlineBudgetMs, startDeadline } from "./core/deadline";
import { ChatConfigError, type ErrorResponse, errorName } from "./core/errors";
import { corsHeaders } from "./core/http";
import { levelFor, type Outcome, outcomeFor, type RequestLog } from "./core/log";
import { answeredOutcome, answerLog, attemptsLog, contentLog, errorLog, type RequestLogBase, requestLogBase } from "./core/log-fields";
import { type ChatRequest, parseChatRequest } from "./core/request";
import { type Attempts, withRetries } from "./core/retry";
import type { ChatContext, ChatDependencies, ChatEvent } from "./dependencies";

/** Used when the context has no clock (dev server without a timeout, odd test contexts). */
const DEFAULT_REMAINING_MS = 30_000;

function remainingMs(context: ChatContext | undefined): number {
  const clock = context?.getRemainingTimeInMillis;
  if (typeof clock !== "function") return DEFAULT_REMAINING_MS;
  const value = clock.call(context);
  return typeof value === "number" && Number.isFinite(value) ? value : DEFAULT_REMAINING_MS;
}

function configOrThrow(config: ChatConfig | ChatConfigError): ChatConfig {
  if (config instanceof ChatConfigError) throw config;
  return config;
}

/** What a request has once it is ready for Bedrock. */
export interface PreparedRequest {
  readonly config: ChatConfig;
  readonly request: ChatRequest;
  readonly deadline: Deadline;
}

/** How far a streamed answer got before it ended: the time to its first byte, and its text. */
export interface Streamed {
  readonly firstByteMs: number;
  readonly text: string;
}

type LogFields = Omit<RequestLog, "msg" | "mode" | "level" | "outcome">;

export class RequestRun {
  readonly attempts: Attempts = { count: 0, waitedMs: 0 };
  config: ChatConfig | undefined;
  request: ChatRequest | undefined;
  deadline: Deadline | undefined;
  private readonly started: number;
  private readonly base: RequestLogBase;
  private readonly random: () => number;

  constructor(
    private readonly deps: ChatDependencies,
    mode: RequestLog["mode"],
    private readonly event: ChatEvent | undefined,
    private readonly context: ChatContext | undefined,
  ) {
    this.started = deps.now();
    this.base = requestLogBase(mode, event, context, deps.config);
    this.random = deps.random ?? Math.random;
  }

  /**
   * Reads the configuration and the request, and starts the deadline; throws what the caller is
   * answered (CONFIG_ERROR, a 4xx) before anything reaches Bedrock.
   */
  prepare(): PreparedRequest {
    const config = configOrThrow(this.deps.config);
    this.config = config;
    const request = parseChatRequest(this.event ?? {}, config.limits);
    this.request = request;
    const deadline = startDeadline(deadlineBudgetMs(remainingMs(this.context), config.requestTimeoutMs));
    this.deadline = deadline;
    return { config, request, deadline };
  }

  /** Bedrock, with the function's retry policy: the same input, a fresh command per attempt. */
  callBedrock<T>({ config, deadline }: PreparedRequest, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    return withRetries(() => send(deadline.signal), { deadline, maxAttempts: config.maxAttempts, random: this.random, attempts: this.attempts });
  }

  /** The CORS headers for this request's origin (none before the configuration was read). */
  corsHeaders(): Record<string, string> {
    return corsHeaders(this.config?.cors, this.event?.headers);
  }

  elapsedMs(): number {
    return this.deps.now() - this.started;
  }

  /** The request is over: stops the deadline's timer. */
  end(): void {
    this.deadline?.clear();
  }

  /** Logs an answer Bedrock finished; `firstByteMs` for a streamed one. */
  logAnswer(summary: AnswerSummary, text: string, firstByteMs?: number): void {
    this.record(answeredOutcome(summary), {
      status: 200,
      latencyMs: this.elapsedMs(),
      ...(firstByteMs === undefined ? {} : { firstByteMs }),
      ...answerLog(summary),
      ...attemptsLog(this.attempts),
      ...contentLog(this.config, this.request, text),
    });
  }

  /** Logs a failure answered as `mapped`; `streamed` when it ended a stream already begun. */
  logFailure(error: unknown, mapped: ErrorResponse, streamed?: Streamed): void {
    this.record(outcomeFor(mapped.status, mapped.code), {
      latencyMs: this.elapsedMs(),
      ...(streamed === undefined ? {} : { firstByteMs: streamed.firstByteMs }),
      ...errorLog(error, mapped),
      ...attemptsLog(this.attempts),
      ...contentLog(this.config, this.request, streamed?.text),
    });
  }

  /**
   * Logs a caller that left, whatever the abort surfaced as (AbortError, a cut retry wait): the
   * cause is the caller. Before anything was sent the status is 499, the usual log status for
   * "client closed the request"; after, the 200 already sent.
   */
  logCallerLeft(error: unknown, streamed?: Streamed): void {
    this.record("client_disconnected", {
      status: streamed === undefined ? 499 : 200,
      latencyMs: this.elapsedMs(),
      ...(streamed === undefined ? {} : { firstByteMs: streamed.firstByteMs }),
      errorName: errorName(error),
      ...attemptsLog(this.attempts),
      ...contentLog(this.config, this.request, streamed?.text),
    });
  }

  private record(outcome: Outcome, fields: LogFields): void {
    const record: RequestLog = { level: levelFor(outcome), ...this.base, outcome, ...fields };
    try {
      this.deps.log(record);
    } catch {
      // a broken logger must never break an answer
    }
  }
}
