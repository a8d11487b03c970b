/**
 * Finds one JSON log record by a field's value (`apiRequestId` in the function's log, `requestId`
 * in the API's access log), waiting for it: CloudWatch Logs shows an event some seconds after it
 * was written. Read-only (`logs:FilterLogEvents`). A refusal or an unknown log group is not an
 * error of the proof: it comes back as the reason the record is not shown.
 */
import { type CloudWatchLogsClient, paginateFilterLogEvents } from "@aws-sdk/client-cloudwatch-logs";

export interface LogSearch {
  readonly logGroupName: string;
  /** The JSON field and its value; the value must be a plain id (letters, digits, `-`). */
  readonly field: string;
  readonly value: string;
  /** Epoch ms: no earlier event is read. */
  readonly startTime: number;
  /** How long to wait for the record to show. */
  readonly waitMs: number;
  readonly pollMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

export interface LogSearchResult {
  /** The record, parsed; undefined when it did not show or could not be read. */
  readonly record?: Record<string, unknown>;
  /** Why not, in words. */
  readonly unavailable?: string;
}

const PLAIN_ID = /^[A-Za-z0-9-]{1,128}$/;

/** A log event's record: the JSON line itself, or the `message` Lambda's JSON log format wraps it in. */
export function recordOf(message: string | undefined): Record<string, unknown> | undefined {
  if (message === undefined) return undefined;
  try {
    const parsed = JSON.parse(message) as unknown;
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const inner = (parsed as { message?: unknown }).message;
    if (typeof inner === "string" && inner.trimStart().startsWith("{")) return recordOf(inner) ?? (parsed as Record<string, unknown>);
    if (typeof inner === "object" && inner !== null) return inner as Record<string, unknown>;
    return parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export async function findLogRecord(logs: CloudWatchLogsClient, search: LogSearch): Promise<LogSearchResult> {
  if (!PLAIN_ID.test(search.value)) return { unavailable: `the request id ${JSON.stringify(search.value)} is not one a log filter can carry` };
  const deadline = search.now() + search.waitMs;
  const filterPattern = `{ $.${search.field} = "${search.value}" }`;
  for (;;) {
    try {
      const pages = paginateFilterLogEvents({ client: logs }, { logGroupName: search.logGroupName, filterPattern, startTime: search.startTime });
      for await (const page of pages) {
        for (const event of page.events ?? []) {
          const record = recordOf(event.message);
          if (record && record[search.field] === search.value) return { record };
        }
      }
    } catch (error) {
      const name = (error as { name?: string }).name ?? "Error";
      if (name === "ResourceNotFoundException") return { unavailable: `log group ${search.logGroupName} does not exist` };
      if (/AccessDenied/.test(name)) return { unavailable: `logs:FilterLogEvents on ${search.logGroupName} was refused (add it to the runner's policy to see AWS's exact error)` };
      return { unavailable: `reading ${search.logGroupName} failed: ${name}: ${(error as Error).message}` };
    }
    if (search.now() + search.pollMs > deadline) return { unavailable: `no record with ${search.field} ${search.value} in ${search.logGroupName} after ${Math.round(search.waitMs / 1000)} s` };
    await search.sleep(search.pollMs);
  }
}
