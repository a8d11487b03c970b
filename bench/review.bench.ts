/**
 * How long `npm run review` takes: on the project's own synth output (config/dev.json,
 * synthesized here with a stub bundler since bundling does not touch policies; plus an existing
 * cdktf.out when there is one) and on a larger generated synth output. Prints figures; asserts
 * nothing. Target: the project's own output reviewed in ≤ 1 s, CLI start-up included.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { App } from "cdktf";
import { loadConfig } from "../config/load";
import { addChatbotStacks } from "../modules/stacks/chatbot-stacks";
import { runChecks } from "../policies/checks/run";
import { loadSynthOutput } from "../policies/extract/load";
import { renderMarkdown } from "../policies/review/markdown";
import { reviewStacks } from "../policies/review/review";

const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "policies", "review-cli.ts");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

function measure(label: string, path: string): void {
  let start = performance.now();
  const stacks = loadSynthOutput(path);
  const load = performance.now() - start;
  start = performance.now();
  const first = reviewStacks(stacks);
  const cold = performance.now() - start;
  const warm: number[] = [];
  for (let run = 0; run < 5; run++) {
    start = performance.now();
    reviewStacks(loadSynthOutput(path));
    warm.push(performance.now() - start);
  }
  start = performance.now();
  const checks = runChecks(stacks);
  const checksTime = performance.now() - start;
  start = performance.now();
  const markdown = renderMarkdown(first, undefined, checks);
  const render = performance.now() - start;
  start = performance.now();
  // The report goes to /dev/null: a big one would overflow spawnSync's buffer, and printing is not what is measured.
  const cli = spawnSync(process.execPath, ["--import", "tsx", CLI, path, "--format", "json"], { stdio: ["ignore", "ignore", "inherit"] });
  const wall = performance.now() - start;
  const { summary } = first;
  console.log(`${label}: ${stacks.length} stacks, ${summary.roles} roles (${summary.applicationRoles} application), ${summary.endpoints} endpoints, ${summary.violations} violations`);
  console.log(`  parse ${ms(load)} · first review ${ms(cold)} · warm load+review median ${ms(median(warm))} · markdown ${ms(render)} (${markdown.length} chars)`);
  console.log(`  rule pack: ${checks.summary.rules} rules in ${ms(checksTime)} · ${checks.summary.failedFindings} failing, ${checks.summary.suppressedFindings} suppressed finding(s)`);
  console.log(`  CLI end to end (node + tsx start-up, exit ${cli.status}): ${ms(wall)}`);
}

/** A synth output far larger than the project's: many stacks, each with many roles reached through every attachment path. */
function generateLargeOutput(dir: string, stackCount: number, rolesPerStack: number): void {
  const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
  const policy = (index: number) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "Invoke", Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: [`arn:aws:bedrock:eu-west-1::foundation-model/m${index}`] },
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: ["*"], Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } } },
        { Effect: "Deny", Action: ["bedrock:CallWithBearerToken"], Resource: ["*"] },
        // A few roles that break the rule, as a real estate would have: one in 50 reads the control plane, one in 200 has a NotAction.
        ...(index % 50 === 7 ? [{ Effect: "Allow", Action: ["bedrock:Get*", "bedrock:List*"], Resource: ["*"] }] : []),
        ...(index % 200 === 11 ? [{ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: ["*"] }] : []),
      ],
    });
  for (let stackIndex = 0; stackIndex < stackCount; stackIndex++) {
    const resource: Record<string, Record<string, unknown>> = {
      aws_iam_role: {},
      aws_iam_role_policy: {},
      aws_iam_policy: {},
      aws_iam_role_policy_attachment: {},
      aws_lambda_function: {},
      aws_vpc_endpoint: {},
    };
    const data: Record<string, Record<string, unknown>> = { aws_iam_policy_document: {} };
    for (let roleIndex = 0; roleIndex < rolesPerStack; roleIndex++) {
      const id = `r${roleIndex}_${(stackIndex * 1000 + roleIndex).toString(16).toUpperCase().padStart(8, "0")}`;
      const serial = stackIndex * rolesPerStack + roleIndex;
      resource.aws_iam_role[id] = { name: `s${stackIndex}-role-${roleIndex}`, assume_role_policy: trust, tags: { BedrockPlane: "data" }, inline_policy: [{ name: "inline", policy: policy(serial) }] };
      resource.aws_iam_role_policy[`${id}_p`] = { role: `\${aws_iam_role.${id}.name}`, policy: `\${data.aws_iam_policy_document.${id}_doc.json}` };
      data.aws_iam_policy_document[`${id}_doc`] = { statement: [{ actions: ["s3:GetObject", "bedrock:ApplyGuardrail"], resources: ["*"], condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["true"] }] }] };
      resource.aws_iam_policy[`${id}_managed`] = { policy: policy(serial + 1000) };
      resource.aws_iam_role_policy_attachment[`${id}_a`] = { role: `\${aws_iam_role.${id}.name}`, policy_arn: `\${aws_iam_policy.${id}_managed.arn}` };
      resource.aws_iam_role_policy_attachment[`${id}_b`] = { role: `\${aws_iam_role.${id}.name}`, policy_arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" };
      resource.aws_lambda_function[`${id}_fn`] = { function_name: `f${roleIndex}`, role: `\${aws_iam_role.${id}.arn}` };
      resource.aws_vpc_endpoint[`${id}_ep`] = {
        service_name: "com.amazonaws.eu-west-1.bedrock-runtime",
        policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: `\${aws_iam_role.${id}.arn}` }, Action: "bedrock:InvokeModel", Resource: "*" }] }),
      };
    }
    const stackDir = join(dir, "stacks", `generated-${stackIndex}`);
    mkdirSync(stackDir, { recursive: true });
    writeFileSync(join(stackDir, "cdk.tf.json"), JSON.stringify({ resource, data }));
  }
}

/**
 * The bin as the package ships it: the sources compiled by the build (`npm pack` runs it as
 * prepack) into a folder of its own, run with plain node, no tsx. Median of 5 end-to-end runs.
 */
function measurePackedBin(label: string, path: string, binDir: string): void {
  const walls: number[] = [];
  let status: number | null = null;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    status = spawnSync(process.execPath, [join(binDir, "policies", "review-cli.js"), path, "--format", "json"], { stdio: ["ignore", "ignore", "inherit"] }).status;
    walls.push(performance.now() - start);
  }
  console.log(`${label}: packed bin end to end (plain node, exit ${status}), median of 5: ${ms(median(walls))} (min ${ms(Math.min(...walls))})`);
}

const work = mkdtempSync(join(tmpdir(), "review-bench-"));
try {
  const own = join(work, "own");
  const app = new App({ outdir: own });
  addChatbotStacks(app, loadConfig(join(ROOT, "config", "dev.json")), { bundler: () => ({ code: Buffer.from("exports.handler = async () => ({});\n") }) });
  app.synth();
  measure("project synth output (config/dev.json)", own);
  if (existsSync(join(ROOT, "cdktf.out", "stacks"))) measure("existing cdktf.out", join(ROOT, "cdktf.out"));
  const large = join(work, "large");
  generateLargeOutput(large, 20, 50);
  measure("generated synth output (20 stacks × 50 roles)", large);
  const binDir = join(work, "dist");
  const build = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", binDir], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("the build (tsc -p tsconfig.build.json) failed");
  // The package.json above the bin, as in the installed package (the bin reads its version there).
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "cdktf-bedrock-chatbot", version: "bench" }));
  measurePackedBin("project synth output (config/dev.json)", own, binDir);
  measurePackedBin("generated synth output (20 stacks × 50 roles)", large, binDir);
} finally {
  rmSync(work, { recursive: true, force: true });
}
