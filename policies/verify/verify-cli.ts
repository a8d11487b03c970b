#!/usr/bin/env node
/**
 * `bedrock-plane-verify --stack NAME`: the post-deploy proof of the control-plane / data-plane
 * split, run by the platform team with their own credentials (docs/deploying.md, "After the first
 * deploy"). A thin shell over policies/verify: read the arguments and the stack's outputs, create
 * the AWS clients, run the proof, print the report. Exit 0 when proved, 1 when it found a failure,
 * 2 when it could not run (one line on stderr). The AWS SDK is loaded only once the arguments
 * are read, so `--help` and `--version` start at once.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { VerifyInputError } from "./errors";
import { runnerPolicy } from "./runner-policy";
import { type StackChoice, readStackOutputs, type RunTerraform, stackFolder } from "./terraform-outputs";
import { type TargetFlags, verifyTarget } from "./target";
import type { VerifyClients, VerifyOptions } from "./verify";

export interface CliResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

export const USAGE = `usage: bedrock-plane-verify (--stack NAME | --stack-dir DIR | --role-arn ARN --models ID[,ID…] --api-url URL) [options]

Proves on your account that the chatbot's application role reaches no Bedrock control-plane
action (IAM's policy simulator) and that the deployed API answers (one signed chat call).
Read-only: it changes nothing.

Where the deployment is read from:
  --stack NAME            the configuration's name: terraform output in <out>/stacks/NAME-data-plane
  --stack-dir DIR         the data-plane stack's folder (terraform output runs there)
  --out DIR               cdktf's output folder (default cdktf.out)
  --terraform PATH        terraform or tofu (default terraform)
Flags instead of (or over) the stack's outputs:
  --role-arn ARN  --api-url URL  --region REGION  --models ID[,ID…]
  --authorization AWS_IAM|COGNITO_USER_POOLS|NONE  --guardrail-arn ARN  --guardrail-version N
  --vpc-endpoint-id ID  --vpc-id ID  --function-name NAME
The chat call:
  --token TOKEN           a Cognito ID token (better: BEDROCK_PLANE_VERIFY_TOKEN)
  --api-key KEY           the usage plan's API key (better: BEDROCK_PLANE_VERIFY_API_KEY)
  --message TEXT          what to ask (default: a one-word question)
  --timeout SECONDS       the whole call (default 120)
  --log-wait SECONDS      how long to wait for a log record (default 30)
  --no-chat               the simulator only
Output:
  --print-policy          print the least IAM policy the runner needs for this deployment, and stop
  --format markdown|json  (default markdown)
  --help, --version

Exit: 0 proved, 1 a failure found, 2 could not run.`;

const DEFAULT_MESSAGE = "Reply with the single word: ready.";
/** Attempts of the IAM client (adaptive retry mode): the simulator is throttled per account. */
const IAM_MAX_ATTEMPTS = 8;

interface Arguments {
  readonly choice?: StackChoice;
  readonly terraform: string;
  readonly flags: TargetFlags;
  readonly options: VerifyOptions;
  readonly format: "markdown" | "json";
  readonly help: boolean;
  readonly version: boolean;
  readonly printPolicy: boolean;
}

const VALUE_FLAGS = new Set([
  "--stack",
  "--stack-dir",
  "--out",
  "--terraform",
  "--role-arn",
  "--api-url",
  "--region",
  "--models",
  "--authorization",
  "--guardrail-arn",
  "--guardrail-version",
  "--vpc-endpoint-id",
  "--vpc-id",
  "--function-name",
  "--token",
  "--api-key",
  "--message",
  "--timeout",
  "--log-wait",
  "--format",
]);
const SWITCHES = new Set(["--no-chat", "--print-policy", "--help", "-h", "--version"]);

function seconds(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || number > 900) throw new VerifyInputError(`${flag} must be a number of seconds, 1–900, got ${value}`);
  return number;
}

export function parseArguments(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Arguments {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const equals = argument.startsWith("--") ? argument.indexOf("=") : -1;
    const flag = equals === -1 ? argument : argument.slice(0, equals);
    if (SWITCHES.has(flag) && equals === -1) switches.add(flag);
    else if (VALUE_FLAGS.has(flag)) {
      const value = equals === -1 ? argv[++index] : argument.slice(equals + 1);
      if (value === undefined || value === "") throw new VerifyInputError(`${flag} needs a value (bedrock-plane-verify --help)`);
      if (values.has(flag)) throw new VerifyInputError(`${flag} is given twice`);
      values.set(flag, value);
    } else throw new VerifyInputError(`unknown ${argument.startsWith("-") ? "option" : "argument"} ${argument} (bedrock-plane-verify --help)`);
  }
  const get = (flag: string) => values.get(flag);
  const format = get("--format") ?? "markdown";
  if (format !== "markdown" && format !== "json") throw new VerifyInputError(`--format must be markdown or json, got ${format}`);
  if (get("--stack") !== undefined && get("--stack-dir") !== undefined) throw new VerifyInputError("give --stack or --stack-dir, not both");
  const choice = get("--stack") !== undefined || get("--stack-dir") !== undefined ? { ...optional("stack", get("--stack")), ...optional("stackDir", get("--stack-dir")), outDir: get("--out") ?? "cdktf.out" } : undefined;
  const noChat = switches.has("--no-chat");
  const flags: TargetFlags = {
    ...optional("roleArn", get("--role-arn")),
    ...optional("apiUrl", get("--api-url")),
    ...optional("region", get("--region")),
    ...(get("--models") !== undefined ? { models: get("--models")!.split(",").map((id) => id.trim()).filter((id) => id !== "") } : {}),
    ...optional("authorization", get("--authorization")),
    ...optional("guardrailArn", get("--guardrail-arn")),
    ...optional("guardrailVersion", get("--guardrail-version")),
    ...optional("vpcEndpointId", get("--vpc-endpoint-id")),
    ...optional("vpcId", get("--vpc-id")),
    ...optional("functionName", get("--function-name")),
    ...(noChat ? { noChat } : {}),
  };
  const token = get("--token") ?? env.BEDROCK_PLANE_VERIFY_TOKEN;
  const apiKey = get("--api-key") ?? env.BEDROCK_PLANE_VERIFY_API_KEY;
  return {
    ...(choice ? { choice } : {}),
    terraform: get("--terraform") ?? "terraform",
    flags,
    options: {
      chat: !noChat,
      message: get("--message") ?? DEFAULT_MESSAGE,
      ...(token ? { bearerToken: token } : {}),
      ...(apiKey ? { apiKey } : {}),
      chatTimeoutMs: seconds("--timeout", get("--timeout"), 120) * 1000,
      logWaitMs: seconds("--log-wait", get("--log-wait"), 30) * 1000,
      logPollMs: 3000,
    },
    format,
    help: switches.has("--help") || switches.has("-h"),
    version: switches.has("--version"),
    printPolicy: switches.has("--print-policy"),
  };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** This package's version: its package.json, found upwards from here (sources and dist alike). */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "cdktf-bedrock-chatbot") return pkg.version ?? "unknown";
    }
    if (dirname(dir) === dir) return "unknown";
  }
}

/** The real AWS clients: the SDK's default credential chain, the region of the deployment. */
export async function createAwsClients(region: string): Promise<VerifyClients> {
  const [{ STSClient }, { IAMClient }, { CloudWatchLogsClient }] = await Promise.all([import("@aws-sdk/client-sts"), import("@aws-sdk/client-iam"), import("@aws-sdk/client-cloudwatch-logs")]);
  const sts = new STSClient({ region, maxAttempts: 3 });
  const iam = new IAMClient({ region, maxAttempts: IAM_MAX_ATTEMPTS, retryMode: "adaptive" });
  const logs = new CloudWatchLogsClient({ region, maxAttempts: 5, retryMode: "adaptive" });
  return {
    sts,
    iam,
    logs,
    // One credential chain for all: the STS client's resolved provider (cached, refreshed by the SDK).
    credentials: () => sts.config.credentials(),
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    iamMaxAttempts: IAM_MAX_ATTEMPTS,
  };
}

export interface CliDependencies {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly createClients?: (region: string) => Promise<VerifyClients>;
  readonly runTerraform?: RunTerraform;
}

function failure(message: string): CliResult {
  return { exitCode: 2, stdout: "", stderr: `verify: ${message.split("\n")[0]}\n` };
}

/** Runs the proof for the given arguments; never exits the process (tests call it directly). */
export async function runVerify(argv: readonly string[], dependencies: CliDependencies = {}): Promise<CliResult> {
  try {
    const args = parseArguments(argv, dependencies.env ?? process.env);
    if (args.help) return { exitCode: 0, stdout: `${USAGE}\n`, stderr: "" };
    if (args.version) return { exitCode: 0, stdout: `${packageVersion()}\n`, stderr: "" };
    if (!args.choice && args.flags.roleArn === undefined) {
      throw new VerifyInputError("name the deployment: --stack NAME (after cdktf deploy), --stack-dir DIR, or --role-arn with --models and --api-url (bedrock-plane-verify --help)");
    }
    const folder = args.choice ? stackFolder(args.choice) : undefined;
    const outputs = folder ? readStackOutputs(folder, args.terraform, dependencies.runTerraform) : {};
    const target = verifyTarget(outputs, args.flags, folder ? `terraform output of ${folder}` : "command-line flags");
    if (args.printPolicy) return { exitCode: 0, stdout: `${JSON.stringify(runnerPolicy(target), null, 2)}\n`, stderr: "" };
    const clients = await (dependencies.createClients ?? createAwsClients)(target.region);
    const [{ verifyDeployment }, { renderVerifyMarkdown }] = await Promise.all([import("./verify"), import("./report-markdown")]);
    const report = await verifyDeployment(target, args.options, clients);
    const stdout = args.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : `${renderVerifyMarkdown(report)}\n`;
    return { exitCode: report.verdict === "pass" ? 0 : 1, stdout, stderr: "" };
  } catch (error) {
    if (error instanceof VerifyInputError) return failure(error.message);
    throw error;
  }
}

if (require.main === module) {
  runVerify(process.argv.slice(2))
    // Never let a crash look like exit 1 ("a failure found"): 2 says the proof did not run.
    .catch((error: unknown): CliResult => failure(`internal error: ${error instanceof Error ? error.message : String(error)}`))
    .then((result) => {
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      process.exitCode = result.exitCode;
    });
}
