/**
 * Chat function figures (issue 4 targets in brackets):
 * - bundle size, minified                                      [≤ 250 KB]
 * - bundle load cost over bare Node, median of N paired starts  [≤ 60 ms]
 *   (also shown, without a target: over Node with what Lambda's runtime loads before the handler)
 * - handler latency / direct SDK Converse, median ratio          [≤ 1.2×]
 * - first streamed byte − direct SDK ConverseStream first event  [≤ 5 ms]
 * Latency figures run against the in-process bedrock-runtime stand-in (loopback). The direct SDK
 * client speaks HTTP/1.1 like the function's (functions/chat/bedrock-client.ts), so the ratio
 * measures the handler, not the transport.
 */
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBedrockStandIn } from "../dev/bedrock-stand-in";
import { installAwsLambdaGlobal, lambdaContext, proxyEvent, ResponseStreamSink } from "../dev/lambda-runtime";
import { bundleChatFunction } from "../modules/function/bundling/chat-bundle";

const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS ?? 41);
const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const WARMUP = 20;
const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile, for the spread of the load-cost differences. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function signed(value: number): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(1)}`;
}

function ms(start: bigint, end = process.hrtime.bigint()): number {
  return Number(end - start) / 1e6;
}

function verdict(ok: boolean): string {
  return ok ? "ok" : "MISSED";
}

interface Bundled {
  handler: (event: unknown, context: unknown) => Promise<{ statusCode: number }>;
  streamingHandler: (event: unknown, stream: unknown, context: unknown) => Promise<void>;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "chat-bench-"));
  try {
    // ---- size ----
    const started = process.hrtime.bigint();
    const { code } = bundleChatFunction();
    const bundleMs = ms(started);
    const bundlePath = join(dir, "index.js");
    writeFileSync(bundlePath, code);
    console.log(`bundle size            ${code.length} bytes (${(code.length / 1024).toFixed(1)} KiB) minified  [≤ 250 KB: ${verdict(code.length <= 250 * 1024)}]  (esbuild ${bundleMs.toFixed(0)} ms)`);

    // ---- load cost: interleaved process starts, paired ----
    // The SDK prints a support warning once per process on Node < 22 (local runs use Node 20); on
    // Lambda's nodejs24.x it never does, so that warning is not a cost the function pays there.
    const childEnv = { ...process.env, MODEL_ID: MODEL, AWS_REGION: "us-east-1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
    const requireBundle = `require(${JSON.stringify(bundlePath)})`;
    // Context only: Lambda's Node runtime (aws-lambda-nodejs-runtime-interface-client) requires
    // node:http for its Runtime API client before it loads the handler, so a cold start never pays
    // for node:http (nor net and stream under it) on the bundle's account.
    const runtimePreload = 'require("node:http")';
    const sides = {
      bare: ["-e", "0"],
      loaded: ["-e", requireBundle],
      runtime: ["-e", runtimePreload],
      runtimeLoaded: ["-e", `${runtimePreload};${requireBundle}`],
    };
    const times: Record<keyof typeof sides, number[]> = { bare: [], loaded: [], runtime: [], runtimeLoaded: [] };
    const time = (args: string[]): number => {
      const t = process.hrtime.bigint();
      const run = spawnSync(process.execPath, args, { env: childEnv, stdio: "ignore" });
      if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${run.status}`);
      return ms(t);
    };
    const order = Object.keys(sides) as Array<keyof typeof sides>;
    for (const side of order) time(sides[side]);
    for (let i = 0; i < LOAD_RUNS; i++) {
      // Reverse the order every other round, so that no side always follows the same one.
      for (const side of i % 2 === 0 ? order : [...order].reverse()) times[side].push(time(sides[side]));
    }
    // Each start with the bundle is paired with the start without it that ran next to it, under the
    // same load from whatever else the machine runs; the median of those differences is the figure.
    // (The difference of the two medians, printed too, swings by 20 ms when a burst of load lands
    // on more starts of one side than of the other.)
    const pairedDifferences = (loaded: number[], base: number[]) => loaded.map((value, i) => value - base[i]!);
    const describe = (differences: number[], loaded: number[], base: number[]) =>
      `median of ${differences.length} paired starts, IQR ${signed(percentile(differences, 25))}–${signed(percentile(differences, 75))}; medians ${median(loaded).toFixed(1)} vs ${median(base).toFixed(1)} ms`;
    const overBare = pairedDifferences(times.loaded, times.bare);
    const loadCost = median(overBare);
    console.log(
      `bundle load cost       ${signed(loadCost)} ms over bare node (${describe(overBare, times.loaded, times.bare)})  [≤ 60 ms: ${verdict(loadCost <= 60)}]  node ${process.version}`,
    );
    const overRuntime = pairedDifferences(times.runtimeLoaded, times.runtime);
    console.log(
      `                       ${signed(median(overRuntime))} ms over node with node:http loaded, as Lambda's runtime has before it loads the handler (${describe(overRuntime, times.runtimeLoaded, times.runtime)})  [context, no target]`,
    );

    // ---- latency against the stand-in ----
    const standIn = await startBedrockStandIn({ defaultBehaviour: { type: "answer", text: "A short answer from the stand-in, in a few pieces.", chunkChars: 12 } });
    const credentials = { AWS_ACCESS_KEY_ID: "AKIDBENCH", AWS_SECRET_ACCESS_KEY: "bench", AWS_REGION: "us-east-1" };
    Object.assign(process.env, credentials, { MODEL_ID: MODEL, BEDROCK_ENDPOINT: standIn.url, BEDROCK_MAX_ATTEMPTS: "1" });
    const uninstall = installAwsLambdaGlobal();
    const silence = process.stdout.write.bind(process.stdout);
    const bundled = require(bundlePath) as Bundled;
    const direct = new BedrockRuntimeClient({
      region: "us-east-1",
      endpoint: standIn.url,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler(),
      credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
    });
    const input = { modelId: MODEL, messages: [{ role: "user" as const, content: [{ text: "Hello" }] }], inferenceConfig: { maxTokens: 1024 } };
    const body = JSON.stringify({ message: "Hello" });

    // The function logs one JSON line per request; keep the bench output readable.
    process.stdout.write = (() => true) as typeof process.stdout.write;
    const handlerTimes: number[] = [];
    const directTimes: number[] = [];
    const firstByteDeltas: number[] = [];
    try {
      // Events and contexts are API Gateway's and Lambda's work: built outside the timed region.
      const viaHandler = async (): Promise<number> => {
        const event = proxyEvent({ body });
        const context = lambdaContext();
        const t = process.hrtime.bigint();
        const result = await bundled.handler(event, context);
        if (result.statusCode !== 200) throw new Error(`handler answered ${result.statusCode}`);
        return ms(t);
      };
      const viaSdk = async (): Promise<number> => {
        const t = process.hrtime.bigint();
        await direct.send(new ConverseCommand(input));
        return ms(t);
      };
      const handlerFirstByte = async (): Promise<number> => {
        let first: bigint | undefined;
        const sink = new ResponseStreamSink(() => {
          first ??= process.hrtime.bigint();
        });
        const event = proxyEvent({ body });
        const context = lambdaContext();
        const t = process.hrtime.bigint();
        await bundled.streamingHandler(event, sink, context);
        return ms(t, first);
      };
      const sdkFirstEvent = async (): Promise<number> => {
        const t = process.hrtime.bigint();
        const response = await direct.send(new ConverseStreamCommand(input));
        let first: bigint | undefined;
        for await (const event of response.stream ?? []) {
          void event;
          first ??= process.hrtime.bigint();
        }
        return ms(t, first);
      };
      for (let i = 0; i < WARMUP; i++) {
        await viaHandler();
        await viaSdk();
        await handlerFirstByte();
        await sdkFirstEvent();
      }
      for (let i = 0; i < CALLS; i++) {
        // Alternate the order so that neither side always runs on a warmer connection.
        if (i % 2 === 0) {
          handlerTimes.push(await viaHandler());
          directTimes.push(await viaSdk());
        } else {
          directTimes.push(await viaSdk());
          handlerTimes.push(await viaHandler());
        }
        const sdk = await sdkFirstEvent();
        const fn = await handlerFirstByte();
        firstByteDeltas.push(fn - sdk);
      }
    } finally {
      process.stdout.write = silence;
      uninstall();
      direct.destroy();
      await standIn.close();
    }
    const ratio = median(handlerTimes) / median(directTimes);
    console.log(
      `handler latency        ${median(handlerTimes).toFixed(2)} ms vs direct SDK Converse ${median(directTimes).toFixed(2)} ms: ratio ${ratio.toFixed(2)}× (medians of ${CALLS})  [≤ 1.2×: ${verdict(ratio <= 1.2)}]`,
    );
    const delta = median(firstByteDeltas);
    console.log(`first streamed byte    ${delta >= 0 ? "+" : ""}${delta.toFixed(2)} ms after direct SDK ConverseStream's first event (median of ${CALLS} paired runs)  [≤ 5 ms: ${verdict(delta <= 5)}]`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
