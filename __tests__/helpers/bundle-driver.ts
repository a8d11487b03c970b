/**
 * Runs the chat function's bundle as Lambda's Node.js runtime does, in a process of its own on the
 * Node that starts it: the `awslambda` global first, then the bundle, then one buffered and one
 * streamed request against the endpoint in BEDROCK_ENDPOINT (the stand-in, in the test's process).
 * The test makes this file plain CommonJS with esbuild first, so that the Node under test runs
 * this and the bundle, and no loader of ours.
 *
 *   node driver.cjs <bundle's index.js> <result.json>
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { CapturedResponse, installAwsLambdaGlobal, lambdaContext, proxyEvent } from "../../dev/lambda-runtime";

interface Bundled {
  handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
  streamingHandler: (event: unknown, stream: unknown, context: unknown) => Promise<void>;
}

export interface DriverResult {
  /** `process.version` of the process that ran the bundle. */
  readonly node: string;
  readonly buffered: { readonly statusCode: number; readonly body: unknown };
  readonly streamed: { readonly statusCode: number; readonly body: string };
}

async function drive(bundlePath: string, resultPath: string): Promise<void> {
  installAwsLambdaGlobal();
  const bundled = createRequire(__filename)(bundlePath) as Bundled;
  const event = () => proxyEvent({ body: JSON.stringify({ message: "Hello?" }) });
  const buffered = await bundled.handler(event(), lambdaContext());
  const response = new CapturedResponse();
  await bundled.streamingHandler(event(), response.stream, lambdaContext());
  await response.finished;
  const streamed = response.result();
  const result: DriverResult = { node: process.version, buffered: { statusCode: buffered.statusCode, body: JSON.parse(buffered.body) }, streamed: { statusCode: streamed.statusCode, body: streamed.body } };
  writeFileSync(resultPath, JSON.stringify(result));
}

drive(process.argv[2], process.argv[3]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
