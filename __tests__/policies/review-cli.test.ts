/**
 * The `npm run review` command: exit codes, the JSON schema, the markdown sections and the
 * `--base` diff. Most tests call runReview in-process; one runs the real script as a process.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runReview } from "../../policies/review-cli";
import { allow, appRoleName, CHATBOT_FIXTURE, FIXTURES, policyJson, type MutableConfig } from "./helpers";

const DATA_STACK = join("stacks", "chatbot-data-plane", "cdk.tf.json");

/** A copy of the chatbot fixture whose application role also gets `statements` through a new role policy. */
function fixtureWithExtraGrant(statements: Parameters<typeof policyJson>[0]): string {
  const dir = mkdtempSync(join(tmpdir(), "review-cli-"));
  cpSync(CHATBOT_FIXTURE, dir, { recursive: true });
  const file = join(dir, DATA_STACK);
  const data = JSON.parse(readFileSync(file, "utf8")) as MutableConfig;
  data.resource.aws_iam_role_policy.injected = { role: `\${aws_iam_role.${appRoleName(data)}.name}`, policy: policyJson(statements) };
  writeFileSync(file, JSON.stringify(data));
  return dir;
}

describe("review CLI: exit codes", () => {
  it("exits 0 on a synth output without violations", () => {
    // The fixture predates the rule pack's features (its exit codes: __tests__/policies/checks/cli.test.ts).
    expect(runReview([CHATBOT_FIXTURE, "--no-checks"]).exitCode).toBe(0);
  });

  it("exits 1 when an application role has a violation", () => {
    expect(runReview([fixtureWithExtraGrant([allow("bedrock:CreateGuardrail")])]).exitCode).toBe(1);
  });

  it("reads a single cdk.tf.json as well as a synth folder", () => {
    const result = runReview([join(fixtureWithExtraGrant([allow("bedrock:CreateGuardrail")]), DATA_STACK), "--format", "json"]);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).stacks).toEqual(["chatbot-data-plane"]);
  });

  it.each([
    ["a missing path", [join(FIXTURES, "does-not-exist")], /no such file or directory/],
    ["invalid JSON", [join(FIXTURES, "broken", "invalid.tf.json")], /invalid JSON/],
    ["a JSON file that is not a Terraform config", [join(FIXTURES, "broken", "not-terraform.json")], /not a Terraform JSON configuration/],
    ["a folder without Terraform", [join(FIXTURES, "chatbot", "stacks", "..", "..", "..", "..", "helpers")], /no Terraform here/],
    ["invalid HCL, naming the file and line", [join(FIXTURES, "broken", "invalid.tf")], /invalid\.tf:3: invalid HCL \(/],
    ["an unknown option", [CHATBOT_FIXTURE, "--colour"], /unknown option --colour/],
    ["an unknown format", [CHATBOT_FIXTURE, "--format", "yaml"], /--format must be markdown, json or sarif/],
    ["a missing base", [CHATBOT_FIXTURE, "--base", join(FIXTURES, "nope")], /no such file/],
  ])("exits 2 with a one-line error on %s", (_label, argv, message) => {
    const result = runReview(argv);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("review CLI: --help and --version", () => {
  it.each([["--help"], ["-h"]])("%s prints the usage, the inputs and the exit codes, and exits 0", (flag) => {
    const result = runReview([flag]);
    expect(result).toEqual({ exitCode: 0, stdout: expect.stringMatching(/^usage: bedrock-plane-review /), stderr: "" });
    expect(result.stdout).toMatch(/Exit codes: 0 /);
  });

  it("--version prints the package's version and exits 0, reviewing nothing", () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
    expect(runReview(["--version", join(FIXTURES, "does-not-exist")])).toEqual({ exitCode: 0, stdout: `${version}\n`, stderr: "" });
  });
});

describe("review CLI: --format json", () => {
  it("follows the documented schema", () => {
    const result = runReview([fixtureWithExtraGrant([allow("bedrock:CreateGuardrail", { Sid: "Injected" })]), "--format=json"]);
    const json = JSON.parse(result.stdout);
    expect(json.schemaVersion).toBe(2);
    expect(json.summary).toEqual({ roles: 2, applicationRoles: 1, endpoints: 2, violations: 1, dataPlaneFindings: 0, unreviewedModules: 0, beyondBoundary: 0, failing: true });
    expect(json.violations).toEqual([
      expect.objectContaining({
        stack: "chatbot-data-plane",
        role: expect.stringMatching(/^aws_iam_role\.[\w-]+$/),
        kind: "control-plane",
        action: "bedrock:CreateGuardrail",
        actions: ["bedrock:CreateGuardrail"],
        actionCount: 1,
        reason: expect.stringContaining("control-plane"),
        statement: expect.stringContaining("aws_iam_role_policy.injected #0 (Injected)"),
      }),
    ]);
    const appRole = json.roles.find((role: { application: boolean }) => role.application);
    expect(appRole).toEqual(expect.objectContaining({ planeTag: "data", boundary: { status: "none" }, grants: expect.arrayContaining([expect.objectContaining({ action: "bedrock:InvokeModel", plane: "data" })]) }));
    expect(json.endpoints.map((endpoint: { serviceName: string }) => endpoint.serviceName.split(".").pop()).sort()).toEqual(["bedrock", "bedrock-runtime"]);
  });
});

describe("review CLI: markdown", () => {
  it("shows the verdict, roles and endpoints, and no violations section when clean", () => {
    const { stdout } = runReview([CHATBOT_FIXTURE]);
    expect(stdout).toMatch(/^## Bedrock permission review/);
    expect(stdout).toContain("No violations");
    expect(stdout).toContain("### Roles");
    expect(stdout).toContain("### Endpoints");
    expect(stdout).toContain("`bedrock:InvokeModel`");
    expect(stdout).not.toContain("### Violations");
  });

  it("lists each violation with role, action, reason and statement", () => {
    const { stdout } = runReview([fixtureWithExtraGrant([allow("bedrock:CreateGuardrail")])]);
    expect(stdout.indexOf("### Roles")).toBeLessThan(stdout.indexOf("### Endpoints"));
    expect(stdout.indexOf("### Endpoints")).toBeLessThan(stdout.indexOf("### Violations"));
    const table = stdout.slice(stdout.indexOf("### Violations"));
    expect(table).toMatch(/\| `chatbot-data-plane` \| `aws_iam_role\.[\w-]+` \| `aws_iam_role_policy\.injected #0` \(\S+\/stacks\/chatbot-data-plane\/cdk\.tf\.json:1\) \| 1 \| grants 1 control-plane action: bedrock:CreateGuardrail \|/);
  });

  it("groups a wildcard's expansion instead of printing the whole catalogue", () => {
    const { stdout } = runReview([fixtureWithExtraGrant([allow("bedrock:*")])]);
    expect(stdout).toMatch(/… and \d+ more/);
    expect(stdout.length).toBeLessThan(60000);
  });
});

describe("review CLI: --base", () => {
  it("lists actions added and removed per role, with the scope each statement grants them on", () => {
    const base = fixtureWithExtraGrant([allow("logs:CreateLogGroup")]);
    const head = fixtureWithExtraGrant([allow("bedrock:CreateGuardrail")]);
    const json = JSON.parse(runReview([head, "--base", base, "--format", "json"]).stdout);
    expect(json.diff.roles).toEqual([
      expect.objectContaining({
        stack: "chatbot-data-plane",
        address: expect.stringMatching(/^aws_iam_role\./),
        status: "changed",
        added: ["bedrock:CreateGuardrail", "bedrock:CreateGuardrail on *"],
        removed: ["logs:CreateLogGroup", "logs:CreateLogGroup on *"],
      }),
    ]);
    expect(json.diff.endpoints).toEqual([]);
  });

  it("shows a wider Resource and a dropped Condition even when the actions stay the same", () => {
    const condition = { StringEquals: { "aws:RequestedRegion": "eu-west-1" } };
    const base = fixtureWithExtraGrant([allow("s3:GetObject", { Resource: "arn:aws:s3:::chat/*", Condition: condition })]);
    const wider = fixtureWithExtraGrant([allow("s3:GetObject", { Resource: "*", Condition: condition })]);
    const unconditioned = fixtureWithExtraGrant([allow("s3:GetObject", { Resource: "arn:aws:s3:::chat/*" })]);
    const diffOf = (head: string) => JSON.parse(runReview([head, "--base", base, "--format", "json", "--no-checks"]).stdout).diff.roles;
    expect(diffOf(wider)).toEqual([
      expect.objectContaining({ added: ["s3:GetObject on * if StringEquals aws:RequestedRegion = eu-west-1"], removed: ["s3:GetObject on arn:aws:s3:::chat/* if StringEquals aws:RequestedRegion = eu-west-1"] }),
    ]);
    expect(diffOf(unconditioned)).toEqual([
      expect.objectContaining({
        added: ["s3:GetObject", "s3:GetObject on arn:aws:s3:::chat/*"],
        removed: ["s3:GetObject (conditional)", "s3:GetObject on arn:aws:s3:::chat/* if StringEquals aws:RequestedRegion = eu-west-1"],
      }),
    ]);
  });

  it("reports endpoint policy changes and shows the diff section in markdown", () => {
    const head = mkdtempSync(join(tmpdir(), "review-cli-"));
    cpSync(CHATBOT_FIXTURE, head, { recursive: true });
    const file = join(head, DATA_STACK);
    const data = JSON.parse(readFileSync(file, "utf8")) as MutableConfig;
    for (const endpoint of Object.values(data.resource.aws_vpc_endpoint)) delete endpoint.policy;
    writeFileSync(file, JSON.stringify(data));
    const result = runReview([head, "--base", CHATBOT_FIXTURE]);
    expect(result.stdout).toContain("### Changes since base");
    expect(result.stdout).toContain("default policy: full access");
    const json = JSON.parse(runReview([head, "--base", CHATBOT_FIXTURE, "--format", "json"]).stdout);
    expect(json.diff.endpoints).toHaveLength(2);
    expect(json.diff.endpoints[0].removed.length).toBeGreaterThan(0);
  });

  it("says no change when base and head grant the same", () => {
    const { stdout } = runReview([CHATBOT_FIXTURE, "--base", CHATBOT_FIXTURE]);
    expect(stdout).toContain("No change.");
  });
});

describe("review CLI as a process", () => {
  const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "..", "..", "policies", "review-cli.ts"), ...args], { encoding: "utf8" });

  it("sets the process exit code (1 on violations, 2 on unusable input)", () => {
    const violation = run(fixtureWithExtraGrant([allow("iam:PassRole")]));
    expect(violation.status).toBe(1);
    expect(violation.stdout).toContain("iam:PassRole");
    const unusable = run(join(FIXTURES, "broken", "invalid.tf.json"));
    expect(unusable.status).toBe(2);
    expect(unusable.stderr).toMatch(/^review: .*invalid JSON/);
  });
});

describe("review CLI: what fails", () => {
  function singleFile(config: object): string {
    const file = join(mkdtempSync(join(tmpdir(), "review-cli-")), "main.tf.json");
    writeFileSync(file, JSON.stringify(config));
    return file;
  }
  const LAMBDA = policyJson([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]);
  const withAgentRuntime = singleFile({ resource: { aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA, inline_policy: [{ name: "p", policy: policyJson([allow("bedrock:InvokeAgent")]) }] } } } });
  const withModule = singleFile({ module: { iam: { source: "terraform-aws-modules/iam/aws" } }, resource: { aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA } } } });

  it("data-plane findings pass, and fail with --fail-on-data-plane", () => {
    expect(runReview([withAgentRuntime, "--no-checks"]).exitCode).toBe(0);
    const strict = runReview([withAgentRuntime, "--no-checks", "--fail-on-data-plane"]);
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toContain("### Data-plane findings");
    expect(strict.stdout).toContain("bedrock:InvokeAgent (bedrock-agent-runtime)");
  });

  it("module calls fail unless --accept-modules, and are listed either way", () => {
    const strict = runReview([withModule, "--no-checks"]);
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toMatch(/❌ \*\*Not passed\.\*\*[\s\S]*### Modules[\s\S]*`module\.iam` \| `terraform-aws-modules\/iam\/aws`/);
    const accepted = runReview([withModule, "--no-checks", "--accept-modules"]);
    expect(accepted.exitCode).toBe(0);
    expect(accepted.stdout).toContain("`module.iam`");
  });

  it("refuses a value on a flag that takes none", () => {
    expect(runReview([withModule, "--accept-modules=yes"])).toEqual(expect.objectContaining({ exitCode: 2, stderr: expect.stringMatching(/unknown option --accept-modules/) }));
  });
});
