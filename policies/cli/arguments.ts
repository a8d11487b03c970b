/**
 * The command line of `bedrock-plane-review`: its options, `--help` text and parsing. Bad
 * arguments are an UnusableInputError (exit 2, one line naming the option).
 */
import { UnusableInputError } from "../extract/errors";
import type { ReviewOptions } from "../review/review";

export const FORMATS = ["markdown", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

export type Arguments =
  | { readonly command: "help" }
  | { readonly command: "version" }
  | {
      readonly command: "review";
      readonly paths: readonly string[];
      readonly format: Format;
      readonly base?: string;
      readonly checks: boolean;
      /** `--config FILE`; otherwise `.bedrock-plane-review.json` in the working directory, when there is one. */
      readonly config?: string;
      readonly review: ReviewOptions;
    };

export const USAGE = "usage: bedrock-plane-review [PATH ...] [--format markdown|json|sarif] [--base PATH] [--config FILE] [--no-checks] [--accept-modules] [--fail-on-data-plane] [--help] [--version]";

export const HELP = `${USAGE}

Reviews the IAM permissions of Terraform offline: fails when a role a workload runs as (an
application role) can reach the Amazon Bedrock control plane, aws-marketplace:*, iam:PassRole or
anything it cannot read; then runs a rule pack mirroring checkov, trivy and cdk-nag.

PATH (any number, reviewed together; default: cdktf.out)
  a folder of .tf and .tf.json files    one Terraform module, as Terraform reads it
  a repository                          every folder holding .tf or .tf.json files is a module
  a .tf or .tf.json file, a cdk.tf.json
  a cdktf.out folder                    the stacks its manifest.json lists
  plan.json                             terraform show -json tfplan

Options
  --format markdown|json|sarif  the report: markdown (default, for a pull-request comment), JSON
                                (a documented schema) or SARIF 2.1.0 (GitHub code scanning: each
                                finding on its file and line)
  --base PATH                   also show what changed since PATH (the pull request's base)
  --config FILE                 rule skips, each with a reason (default: ./.bedrock-plane-review.json)
  --no-checks                   the permission review alone, without the rule pack
  --accept-modules              module calls the review cannot look into do not fail it
  --fail-on-data-plane          data-plane actions outside the chatbot's set fail it too
  --help, --version

Skip a rule on one resource, with a reason, in its block or on the lines right above it:
  # bedrock-plane-review:skip=<rule-id> <reason>

Exit codes: 0 nothing failing · 1 findings · 2 could not run (one line on stderr)
Documentation: docs/permission-review.md in the cdktf-bedrock-chatbot package.
`;

/** Splits `--flag=value` and reads the value of an option that takes one. */
export function parseArguments(argv: readonly string[]): Arguments {
  if (argv.includes("--help") || argv.includes("-h")) return { command: "help" };
  if (argv.includes("--version")) return { command: "version" };
  const paths: string[] = [];
  let format: Format = "markdown";
  let base: string | undefined;
  let config: string | undefined;
  let checks = true;
  const review: { acceptModules?: boolean; failOnDataPlane?: boolean } = {};
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const equals = argument.startsWith("--") ? argument.indexOf("=") : -1;
    const [flag, inline] = equals > 0 ? [argument.slice(0, equals), argument.slice(equals + 1)] : [argument, undefined];
    const value = () => {
      const next = inline ?? argv[++index];
      if (next === undefined) throw new UnusableInputError(`${flag} needs a value (${USAGE})`);
      return next;
    };
    if (flag === "--format") {
      const chosen = value();
      if (!(FORMATS as readonly string[]).includes(chosen)) throw new UnusableInputError(`--format must be ${FORMATS.join(", ").replace(/, (\w+)$/, " or $1")}, got ${chosen}`);
      format = chosen as Format;
    } else if (flag === "--base") base = value();
    else if (flag === "--config") config = value();
    else if (flag === "--no-checks" && inline === undefined) checks = false;
    else if (flag === "--accept-modules" && inline === undefined) review.acceptModules = true;
    else if (flag === "--fail-on-data-plane" && inline === undefined) review.failOnDataPlane = true;
    else if (flag.startsWith("-")) throw new UnusableInputError(`unknown option ${flag} (${USAGE})`);
    else paths.push(argument);
  }
  return {
    command: "review",
    paths: paths.length > 0 ? paths : ["cdktf.out"],
    format,
    ...(base !== undefined ? { base } : {}),
    ...(config !== undefined ? { config } : {}),
    checks,
    review,
  };
}
