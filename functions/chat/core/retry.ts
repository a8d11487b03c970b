/**
 * The function's own retry policy for a Bedrock call. The SDK's retries are off
 * (bedrock-client.ts): its back-off sleeps without knowing the function's deadline, and it waits
 * out an upstream `Retry-After` of up to 5 s on top of its back-off, so a throttled request could
 * spend its whole budget asleep and end as a 504 that tells the client nothing.
 *
 * Here every wait is bounded, and a retry happens only when the time left covers the wait and a
 * useful attempt after it; otherwise the failure is answered at once, as what it is (429 or 503
 * with `Retry-After`). Only calls that have not started streaming are retried.
 */
import { type Deadline } from "./deadline";
import { DeadlineExceededError, type ErrorResponse, toErrorResponse, upstreamRetryAfter } from "./errors";

export const RETRY_BASE_DELAY_MS = 100;
/** Throttling backs off harder: the quota refills over seconds, not milliseconds. */
export const THROTTLING_BASE_DELAY_MS = 500;
/** No single wait is longer; an upstream asking for more is answered, not waited for. */
export const MAX_RETRY_DELAY_MS = 2000;
/** The least time left worth starting another attempt with (a first streamed event, a short answer). */
export const MIN_ATTEMPT_MS = 1000;

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: "not_retryable" | "attempts_spent" | "no_time" | "retry_after_too_long" };

export interface RetryInput {
  /** How the failure maps (its `retryable` flag decides). */
  readonly failure: ErrorResponse;
  /** The upstream's own `Retry-After`, when it sent one. */
  readonly upstreamRetryAfterSeconds?: number;
  /** Attempts made so far, the failed one included (1 after the first). */
  readonly attempts: number;
  readonly maxAttempts: number;
  /** Time left of the request's budget. */
  readonly remainingMs: number;
  /** A number in [0, 1) for the jitter. */
  readonly random: number;
}

/** Exponential back-off with full jitter, capped; the upstream's Retry-After when it is longer. */
export function decideRetry(input: RetryInput): RetryDecision {
  if (input.failure.retryable !== true) return { retry: false, reason: "not_retryable" };
  if (input.attempts >= input.maxAttempts) return { retry: false, reason: "attempts_spent" };
  const upstreamMs = input.upstreamRetryAfterSeconds === undefined ? 0 : input.upstreamRetryAfterSeconds * 1000;
  if (upstreamMs > MAX_RETRY_DELAY_MS) return { retry: false, reason: "retry_after_too_long" };
  const base = input.failure.status === 429 ? THROTTLING_BASE_DELAY_MS : RETRY_BASE_DELAY_MS;
  const backoffMs = Math.floor(input.random * Math.min(MAX_RETRY_DELAY_MS, base * 2 ** (input.attempts - 1)));
  const delayMs = Math.max(backoffMs, upstreamMs);
  if (input.remainingMs - delayMs < MIN_ATTEMPT_MS) return { retry: false, reason: "no_time" };
  return { retry: true, delayMs };
}

/** A wait that ends early (rejecting with the signal's reason) when the call is aborted. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Races a promise against the deadline; a deadline expiry wins even if the SDK saw an abort. */
export async function withinDeadline<T>(deadline: Deadline, work: Promise<T>): Promise<T> {
  try {
    return await Promise.race([work, deadline.expired]);
  } catch (error) {
    if (deadline.isExpired()) throw new DeadlineExceededError(deadline.budgetMs);
    throw error;
  }
}

export interface Attempts {
  /** Calls made to Bedrock. */
  count: number;
  /** Time spent waiting between them. */
  waitedMs: number;
}

export interface RetryOptions {
  readonly deadline: Deadline;
  readonly maxAttempts: number;
  readonly random: () => number;
  /** Filled in as it goes, for the log. */
  readonly attempts: Attempts;
}

/**
 * Calls `attempt` until it succeeds, the policy says stop, or the deadline or the caller ends
 * it. Throws the last failure as it was (the error map answers it); `attempts` is filled in for
 * the log either way.
 */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (;;) {
    options.attempts.count += 1;
    try {
      return await withinDeadline(options.deadline, attempt());
    } catch (error) {
      await afterFailure(error, options);
    }
  }
}

/** Rethrows `error` unless the policy says try again; then waits the back-off first. */
async function afterFailure(error: unknown, options: RetryOptions): Promise<void> {
  const { deadline, attempts } = options;
  if (error instanceof DeadlineExceededError || deadline.signal.aborted) throw error;
  const decision = decideRetry({
    failure: toErrorResponse(error),
    upstreamRetryAfterSeconds: upstreamRetryAfter(error),
    attempts: attempts.count,
    maxAttempts: options.maxAttempts,
    remainingMs: deadline.remainingMs(),
    random: options.random(),
  });
  if (!decision.retry) throw error;
  await withinDeadline(deadline, sleep(decision.delayMs, deadline.signal));
  attempts.waitedMs += decision.delayMs;
}
