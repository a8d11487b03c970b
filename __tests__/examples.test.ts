/**
 * Each example in examples/ synthesizes as a user would run it (`tsx main.ts`, importing the
 * package by name, real esbuild bundle), and its output passes the permission review and the rule pack.
 */
import { loadConfigSkips } from "../policies/cli/config-file";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSynthOutput } from "../policies/extract/load";
import { reviewSynthOutput, runChecks } from "../policies/review";
import { exampleNames, synthExample } from "./helpers/synth-outputs";

const ROOT = join(__dirname, "..");
const EXAMPLES = join(ROOT, "examples");

/** The stacks each example is expected to produce. */
const EXPECTED_STACKS: Record<string, string[]> = {
  standalone: ["support-bot-control-plane", "support-bot-data-plane"],
  "existing-vpc": ["platform-network"],
  "two-environments": ["chatbot-dev-control-plane", "chatbot-dev-data-plane", "chatbot-prod-control-plane", "chatbot-prod-data-plane"],
  "cdk-terrain": ["platform-network"],
};

const examples = exampleNames();

const synthesized = new Map<string, string>();

/** Runs the example once per test file; later calls reuse its output. */
function synthesize(example: string): string {
  const done = synthesized.get(example) ?? synthExample(example);
  synthesized.set(example, done);
  return done;
}

describe("examples", () => {
  test("the documented examples exist, each runnable with its CLI (cdktf, or cdktn for cdk-terrain)", () => {
    expect(examples).toEqual(expect.arrayContaining(Object.keys(EXPECTED_STACKS)));
    for (const example of examples) expect(JSON.parse(readFileSync(join(EXAMPLES, example, "cdktf.json"), "utf8")).app).toBe("node --import tsx main.ts");
  });

  test("running one leaves git clean: cdktf.json has its projectId (else the CLI writes one into it), and cdktf.out/ and state are ignored", () => {
    for (const example of examples) expect(JSON.parse(readFileSync(join(EXAMPLES, example, "cdktf.json"), "utf8")).projectId).toBe(`cdktf-bedrock-chatbot-example-${example}`);
    const ignored = readFileSync(join(ROOT, ".gitignore"), "utf8").split("\n");
    // Patterns without a leading slash match in every folder, examples/<name>/ included.
    expect(ignored).toEqual(expect.arrayContaining(["cdktf.out/", "*.tfstate", "*.tfstate.*", ".terraform/"]));
  });

  test.each(examples)("%s synthesizes its stacks and passes the permission review and the rule pack", (example) => {
    const outdir = synthesize(example);
    const stacks = readdirSync(join(outdir, "stacks")).sort();
    expect(stacks).toEqual(expect.arrayContaining(EXPECTED_STACKS[example] ?? []));
    for (const stack of stacks) {
      const json = readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8");
      expect(json).not.toMatch(/"aws_nat_gateway"|"aws_internet_gateway"/);
    }
    const review = reviewSynthOutput(outdir);
    expect(review.violations).toEqual([]);
    expect(review.roles.some((role) => role.application)).toBe(true);
    // Each example's .bedrock-plane-review.json, as the bin reads it beside the Terraform: skips with their reasons.
    const checks = runChecks(loadSynthOutput(outdir), { skips: loadConfigSkips(undefined, join(EXAMPLES, example)) });
    expect(checks.results.flatMap((result) => result.findings).filter((finding) => finding.status === "failed")).toEqual([]);
  }, 60_000);

  test("existing-vpc puts the chatbot in the stack's own VPC and subnets, creating no second network", () => {
    const outdir = synthesize("existing-vpc");
    const json = JSON.parse(readFileSync(join(outdir, "stacks", "platform-network", "cdk.tf.json"), "utf8"));
    const [vpcName] = Object.keys(json.resource.aws_vpc);
    expect(Object.keys(json.resource.aws_vpc)).toHaveLength(1);
    expect(Object.keys(json.resource.aws_subnet)).toHaveLength(2);
    const fn = Object.values(json.resource.aws_lambda_function)[0] as { vpc_config: { subnet_ids: string[] } };
    for (const subnetId of fn.vpc_config.subnet_ids) expect(subnetId).toMatch(/^\$\{aws_subnet\.private-[ab]\.id\}$/);
    for (const endpoint of Object.values(json.resource.aws_vpc_endpoint) as { vpc_id: string }[]) expect(endpoint.vpc_id).toBe(`\${aws_vpc.${vpcName}.id}`);
  }, 60_000);
});
