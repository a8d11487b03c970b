/**
 * The request deadline. The SDK's `requestTimeout` is an idle timeout, so only an abort signal
 * derived from the Lambda's remaining time bounds a Bedrock call's total time.
 */
import { DeadlineExceededError } from "./errors";

/** Time kept back from the Lambda's remaining time to answer 504 / send the error event and log. */
export const DEADLINE_MARGIN_MS = 1000;

/**
 * The budget for the Bedrock call: the Lambda's remaining time minus a margin (1 s, or half of
 * what is left when that is less than 2 s), capped by REQUEST_TIMEOUT_MS when set. Zero or less
 * means "already too late".
 */
export function deadlineBudgetMs(remainingMs: number, requestTimeoutMs?: number): number {
  const margin = Math.min(DEADLINE_MARGIN_MS, remainingMs / 2);
  const budget = Math.floor(remainingMs - margin);
  return requestTimeoutMs === undefined ? budget : Math.min(budget, requestTimeoutMs);
}

export interface Deadline {
  readonly budgetMs: number;
  /** Aborts when the budget runs out (or `cancel` is called with a reason). */
  readonly signal: AbortSignal;
  /** Rejects with DeadlineExceededError when the budget runs out; never resolves. */
  readonly expired: Promise<never>;
  readonly isExpired: () => boolean;
  /** Milliseconds left of the budget (zero or less once it ran out). */
  readonly remainingMs: () => number;
  /** Aborts the call now (client went away); the deadline itself is not reported as expired. */
  readonly abort: () => void;
  /** Stops the timer. Call when the request is over. */
  readonly clear: () => void;
}

export function startDeadline(budgetMs: number, now: () => number = Date.now): Deadline {
  const controller = new AbortController();
  const endsAt = now() + budgetMs;
  let expired = false;
  let reject: (error: Error) => void = () => undefined;
  const expiredPromise = new Promise<never>((_, r) => {
    reject = r;
  });
  expiredPromise.catch(() => undefined); // observed by whoever races it; never an unhandled rejection
  const fire = (): void => {
    expired = true;
    const error = new DeadlineExceededError(budgetMs);
    controller.abort(error);
    reject(error);
  };
  const timer = budgetMs > 0 ? setTimeout(fire, budgetMs) : undefined;
  if (budgetMs <= 0) fire();
  return {
    budgetMs,
    signal: controller.signal,
    expired: expiredPromise,
    isExpired: () => expired,
    remainingMs: () => (expired ? 0 : endsAt - now()),
    abort: () => controller.abort(new Error("client disconnected")),
    clear: () => {
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
