/**
 * The BUNDLED chat function (the bytes Lambda loads as index.js), loaded as the Lambda runtime
 * loads it: environment first, the `awslambda` global installed, then `require`. Its stdout (one
 * JSON log line per request) is captured. For the integration tests against the stand-in.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { types } from "node:util";
import { CapturedResponse, installAwsLambdaGlobal, lambdaContext } from "../../dev/lambda-runtime";
import { bundleChatFunction } from "../../modules/function/bundling/chat-bundle";

export interface BundledChat {
  handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; headers?: Record<string, string>; body: string }>;
  streamingHandler: (event: unknown, stream: unknown, context: unknown) => Promise<void>;
}

export interface LoadedBundle {
  readonly bundled: BundledChat;
  readonly code: Buffer;
  /** Every line the function wrote to stdout, parsed (the request logs). */
  logs(): Record<string, unknown>[];
  clearLogs(): void;
  unload(): void;
}

/**
 * Jest runs a test file in a VM context whose `Error` is not the one Node's own modules make their
 * errors with, so `error instanceof Error` is false for a socket error from node:http, and the
 * SDK's retry middleware turns such an error into a bare `Error("AWS SDK error wrapper for …")`
 * without its `code` or `$response`. Lambda runs one realm, where that never happens: this makes
 * `instanceof Error` realm-blind (for Error itself, not its subclasses) while the bundle is loaded.
 */
function sameRealmErrors(): () => void {
  const ErrorClass = globalThis.Error;
  const ordinary = Function.prototype[Symbol.hasInstance];
  Object.defineProperty(ErrorClass, Symbol.hasInstance, {
    configurable: true,
    value(this: unknown, value: unknown): boolean {
      return ordinary.call(this, value) || (this === ErrorClass && types.isNativeError(value));
    },
  });
  return () => {
    delete (ErrorClass as unknown as Record<symbol, unknown>)[Symbol.hasInstance];
  };
}

export function loadBundledChat(env: Record<string, string>): LoadedBundle {
  const { code } = bundleChatFunction();
  const dir = mkdtempSync(join(tmpdir(), "chat-bundle-"));
  writeFileSync(join(dir, "index.js"), code);
  const saved: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  const uninstall = installAwsLambdaGlobal();
  const restoreErrors = sameRealmErrors();
  const stdout: string[] = [];
  const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  const bundled = require(join(dir, "index.js")) as BundledChat;
  return {
    bundled,
    code,
    logs: () => stdout.flatMap((line) => line.split("\n").filter((part) => part.trim() !== "")).map((line) => JSON.parse(line) as Record<string, unknown>),
    clearLogs: () => {
      stdout.length = 0;
    },
    unload: () => {
      spy.mockRestore();
      restoreErrors();
      uninstall();
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the streaming entry point to the end and returns what API Gateway would have received. */
export async function streamFrom(bundled: BundledChat, event: unknown, context: unknown = lambdaContext()) {
  const response = new CapturedResponse();
  await bundled.streamingHandler(event, response.stream, context);
  await response.finished;
  return { response, ...response.result() };
}
