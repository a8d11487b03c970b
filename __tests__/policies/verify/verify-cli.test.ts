/**
 * The `bedrock-plane-verify` command: arguments, exit codes, one-line errors, both formats. The
 * AWS clients are the mocked account's; the stack's outputs come from a scripted `terraform`.
 * One test runs the script as a process, as `npm run verify` does.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { createAwsClients, type CliDependencies, packageVersion, runVerify, USAGE } from "../../../policies/verify/verify-cli";
import type { RunTerraform } from "../../../policies/verify/terraform-outputs";
import { chatbotRole, fakeAccount, GUARDRAIL_ARN, REGION, ROLE_ARN, terraformOutputJson } from "./helpers";

const ROOT = join(__dirname, "..", "..", "..");
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };

function cdktfOut(): string {
  const out = mkdtempSync(join(tmpdir(), "verify-cli-"));
  mkdirSync(join(out, "stacks", "chatbot-test-data-plane"), { recursive: true });
  return out;
}

function dependencies(account = fakeAccount(), outputs: Record<string, unknown> = {}): CliDependencies & { ran: string[][] } {
  const ran: string[][] = [];
  const runTerraform: RunTerraform = (binary, args) => {
    ran.push([binary, ...args]);
    return { status: 0, stdout: JSON.stringify(terraformOutputJson(outputs)), stderr: "" };
  };
  return { env: {}, createClients: async () => account.clients, runTerraform, ran };
}

const oneLine = (stderr: string) => {
  expect(stderr.endsWith("\n")).toBe(true);
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  return stderr.trimEnd();
};

describe("bedrock-plane-verify: help, version, bad arguments", () => {
  it("--help prints the usage and exits 0; --version the package's version", async () => {
    expect(await runVerify(["--help"])).toEqual({ exitCode: 0, stdout: `${USAGE}\n`, stderr: "" });
    expect(USAGE).toMatch(/Exit: 0 proved, 1 a failure found, 2 could not run\./);
    expect(await runVerify(["--version"])).toEqual({ exitCode: 0, stdout: `${PKG.version}\n`, stderr: "" });
    expect(packageVersion(join(ROOT, "dist", "policies", "verify"))).toBe(PKG.version);
  });

  it.each([
    [["--frobnicate"], "verify: unknown option --frobnicate (bedrock-plane-verify --help)"],
    [["stray"], "verify: unknown argument stray (bedrock-plane-verify --help)"],
    [["--stack"], "verify: --stack needs a value (bedrock-plane-verify --help)"],
    [["--stack", "a", "--stack-dir", "b"], "verify: give --stack or --stack-dir, not both"],
    [["--stack", "a", "--stack", "b"], "verify: --stack is given twice"],
    [["--format", "yaml"], "verify: --format must be markdown or json, got yaml"],
    [["--timeout", "0"], "verify: --timeout must be a number of seconds, 1–900, got 0"],
    [[], "verify: name the deployment: --stack NAME (after cdktf deploy), --stack-dir DIR, or --role-arn with --models and --api-url (bedrock-plane-verify --help)"],
  ])("%j → exit 2, one line", async (argv, line) => {
    const result = await runVerify(argv, dependencies());
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(oneLine(result.stderr)).toBe(line);
  });

  it("an unknown stack and a missing output are one line and exit 2, before any AWS call", async () => {
    const account = fakeAccount();
    const out = cdktfOut();
    const unknown = await runVerify(["--stack", "chatbot-prod", "--out", out], dependencies(account));
    expect(unknown.exitCode).toBe(2);
    expect(oneLine(unknown.stderr)).toMatch(/^verify: unknown stack chatbot-prod: .* holds chatbot-test-data-plane/);
    const missing = await runVerify(["--stack", "chatbot-test", "--out", out], dependencies(account, { chat_model_ids: undefined }));
    expect(missing.exitCode).toBe(2);
    expect(oneLine(missing.stderr)).toMatch(/^verify: .*chatbot-test-data-plane: no output chat_model_ids \(deployed with an older version of the stack\?\): apply the stack again, or pass --models/);
    expect(account.sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });

  it("expired credentials: one line, exit 2", async () => {
    const account = fakeAccount();
    account.sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error("The security token included in the request is expired"), { name: "ExpiredToken" }));
    const result = await runVerify(["--stack", "chatbot-test", "--out", cdktfOut(), "--no-chat"], dependencies(account));
    expect(result.exitCode).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/^verify: the AWS credentials have expired/);
  });

  it("a wrong region is refused before any AWS call", async () => {
    const result = await runVerify(["--stack", "chatbot-test", "--out", cdktfOut(), "--region", "us-west-2"], dependencies());
    expect(result.exitCode).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/^verify: wrong region: --region is us-west-2 but the API is in eu-west-1/);
  });
});

describe("bedrock-plane-verify: the proof", () => {
  it("--stack NAME reads the stack's outputs with terraform in its folder; exit 0 when proved, Markdown by default", async () => {
    const out = cdktfOut();
    const deps = dependencies();
    const result = await runVerify(["--stack", "chatbot-test", "--out", out, "--no-chat"], deps);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^## Bedrock plane proof\n\n\*\*Result: PASS\*\*/);
    expect(result.stdout).toContain("Not made: --no-chat.");
    expect(deps.ran).toEqual([["terraform", `-chdir=${join(out, "stacks", "chatbot-test-data-plane")}`, "output", "-json"]]);
  });

  it("exit 1 with the failure in the JSON when the role reaches the control plane", async () => {
    const account = fakeAccount({ decide: chatbotRole({ extraAllows: { "bedrock:PutModelInvocationLoggingConfiguration": ["*"] } }) });
    const result = await runVerify(["--stack", "chatbot-test", "--out", cdktfOut(), "--no-chat", "--format", "json"], dependencies(account));
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, tool: "bedrock-plane-verify", verdict: "fail" });
    expect(report.failures).toContain("the application role may call bedrock:PutModelInvocationLoggingConfiguration on any resource (decided by operator-attached)");
  });

  it("flags alone, without Terraform: the role, the models, the guardrail", async () => {
    const deps = dependencies();
    const result = await runVerify(
      ["--role-arn", ROLE_ARN, "--models", "amazon.nova-lite-v1:0", "--region", REGION, "--guardrail-arn", GUARDRAIL_ARN, "--guardrail-version", "1", "--vpc-endpoint-id", "vpce-0123456789abcdef0", "--vpc-id", "vpc-0123456789abcdef0", "--no-chat", "--format", "json"],
      deps,
    );
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).target).toMatchObject({ source: "command-line flags", modelIds: ["amazon.nova-lite-v1:0"], guardrailIdentifier: `${GUARDRAIL_ARN}:1` });
    expect(result.exitCode).toBe(0);
    expect(deps.ran).toEqual([]);
  });

  it("--print-policy prints the runner's policy for the deployment and makes no AWS call", async () => {
    const account = fakeAccount();
    const result = await runVerify(["--stack", "chatbot-test", "--out", cdktfOut(), "--print-policy"], dependencies(account));
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).Statement.map((statement: { Sid: string }) => statement.Sid)).toEqual([
      "SimulateTheApplicationRole",
      "CallTheChatApi",
      "FindTheRequestInItsLogs",
      "ReadApiGatewayAccountSettings",
      "ReadApiGatewaysCloudWatchRole",
    ]);
    expect(account.sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });

  it("secrets come from the environment as well as flags", async () => {
    const account = fakeAccount();
    const result = await runVerify(["--stack", "chatbot-test", "--out", cdktfOut(), "--no-chat"], { ...dependencies(account, { chat_api_authorization: "COGNITO_USER_POOLS" }), env: {} });
    expect(result.exitCode).toBe(0); // --no-chat: no token needed
    const withoutToken = await runVerify(["--stack", "chatbot-test", "--out", cdktfOut()], { ...dependencies(account, { chat_api_authorization: "COGNITO_USER_POOLS" }), env: {} });
    expect(oneLine(withoutToken.stderr)).toMatch(/BEDROCK_PLANE_VERIFY_TOKEN/);
  });
});

describe("createAwsClients", () => {
  it("retries IAM's throttling adaptively, in the deployment's region", async () => {
    const clients = await createAwsClients("eu-central-1");
    expect(await clients.iam.config.region()).toBe("eu-central-1");
    expect(await clients.iam.config.maxAttempts()).toBe(clients.iamMaxAttempts);
    expect((await clients.iam.config.retryStrategy()).constructor.name).toBe("AdaptiveRetryStrategy");
  });
});

describe("npm run verify", () => {
  it("runs the script as a process: --version on stdout, a bad argument as one line on stderr with exit 2", () => {
    const run = (...args: string[]) => spawnSync("npx", ["tsx", "policies/verify/verify-cli.ts", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
    const version = run("--version");
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(`${PKG.version}\n`);
    const bad = run("--nope");
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe("verify: unknown option --nope (bedrock-plane-verify --help)\n");
  }, 60_000);
});
