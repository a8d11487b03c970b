/**
 * Just enough of the Lambda Node runtime and API Gateway (REST, proxy integration) to run the
 * chat handlers outside AWS: the `awslambda` global, response streams with the HTTP
 * integration prelude, proxy events and contexts. Used by the dev server and the tests.
 */
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";

export const HTTP_INTEGRATION_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";
const STREAMING_SYMBOL = Symbol.for("aws.lambda.runtime.handler.streaming");
const DELIMITER_LENGTH = 8;

export interface StreamPrelude {
  statusCode: number;
  headers: Record<string, string>;
}

/** A response stream like the runtime's: a Writable with `setContentType`. */
export class ResponseStreamSink extends Writable {
  contentType: string | undefined;
  constructor(private readonly onChunk: (chunk: Buffer) => void) {
    super();
  }
  setContentType(contentType: string): void {
    this.contentType = contentType;
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.onChunk(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    callback();
  }
}

/**
 * Installs `globalThis.awslambda` as the Lambda runtime defines it: `streamifyResponse` marks the
 * handler, `HttpResponseStream.from` writes the JSON prelude and 8 NUL bytes before the body.
 * Returns a function that removes it again.
 */
export function installAwsLambdaGlobal(): () => void {
  const holder = globalThis as { awslambda?: unknown };
  const previous = holder.awslambda;
  holder.awslambda = {
    streamifyResponse: <T extends object>(handler: T): T => Object.assign(handler, { [STREAMING_SYMBOL]: "response" }),
    HttpResponseStream: {
      from(stream: Writable & { setContentType?: (type: string) => void }, prelude: StreamPrelude) {
        stream.setContentType?.(HTTP_INTEGRATION_CONTENT_TYPE);
        stream.write(JSON.stringify(prelude));
        stream.write(new Uint8Array(DELIMITER_LENGTH));
        return stream;
      },
    },
  };
  return () => {
    holder.awslambda = previous;
  };
}

/** True when `streamifyResponse` marked the function (what the runtime checks). */
export function isStreamifiedHandler(handler: unknown): boolean {
  return typeof handler === "function" && (handler as unknown as Record<symbol, unknown>)[STREAMING_SYMBOL] === "response";
}

/**
 * Splits a streamed HTTP integration response (what API Gateway receives) into its prelude and
 * body, as API Gateway does. Returns undefined while the prelude is incomplete.
 */
export function splitPrelude(bytes: Buffer): { prelude: StreamPrelude; body: Buffer } | undefined {
  const zeros = Buffer.alloc(DELIMITER_LENGTH);
  const at = bytes.indexOf(zeros);
  if (at < 0) return undefined;
  const prelude = JSON.parse(bytes.subarray(0, at).toString("utf8")) as StreamPrelude;
  return { prelude, body: bytes.subarray(at + DELIMITER_LENGTH) };
}

/** Collects a whole streamed response, for tests. */
export class CapturedResponse {
  private readonly chunks: Buffer[] = [];
  /** Body chunks as they were written after the prelude (for asserting incremental delivery). */
  readonly stream = new ResponseStreamSink((chunk) => this.chunks.push(chunk));
  readonly finished: Promise<void> = new Promise((resolve) => this.stream.once("finish", () => resolve()));
  raw(): Buffer {
    return Buffer.concat(this.chunks);
  }
  result(): { statusCode: number; headers: Record<string, string>; body: string } {
    const split = splitPrelude(this.raw());
    if (split === undefined) throw new Error("no HTTP integration prelude in the streamed response");
    return { statusCode: split.prelude.statusCode, headers: split.prelude.headers, body: split.body.toString("utf8") };
  }
}

export interface ProxyEventInput {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  /** The body as text, or bytes (sent base64 when they are not valid UTF-8, as API Gateway does for binary). */
  readonly body?: string | Buffer | null;
  readonly requestId?: string;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** An API Gateway REST proxy event (the v1 payload), with the fields the chat function reads and the usual rest. */
export function proxyEvent(input: ProxyEventInput = {}) {
  const headers = input.headers ?? { "content-type": "application/json" };
  let body: string | null = null;
  let isBase64Encoded = false;
  if (typeof input.body === "string") body = input.body;
  else if (Buffer.isBuffer(input.body)) {
    try {
      body = strictUtf8.decode(input.body);
    } catch {
      body = input.body.toString("base64");
      isBase64Encoded = true;
    }
  }
  const path = input.path ?? "/chat";
  const requestId = input.requestId ?? randomUUID();
  return {
    resource: path,
    path,
    httpMethod: input.method ?? "POST",
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, [value]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body,
    isBase64Encoded,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      authorizer: null,
      protocol: "HTTP/1.1",
      httpMethod: input.method ?? "POST",
      identity: {} as never,
      path: `/dev${path}`,
      stage: "dev",
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: "local",
      resourcePath: path,
    },
  };
}

/** A Lambda context whose clock runs down from `timeoutMs`. */
export function lambdaContext(timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "chat",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:chat",
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/chat",
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
