#!/usr/bin/env node
/**
 * `bedrock-plane-review [PATH ...] [--format markdown|json] [--base PATH] [--no-checks] [--accept-modules] [--fail-on-data-plane]`
 *
 * A thin shell over policies/review and policies/checks: read the input(s) (a cdktf.out, a
 * cdk.tf.json, a folder of .tf.json files, a `terraform show -json` plan), review the
 * permissions, run the rule pack, render, exit 0 (nothing failing), 1 (violations, module calls
 * not accepted, data-plane findings when they fail, or unsuppressed check findings) or 2
 * (unusable input, one-line error on stderr). `--no-checks` runs the permission review alone.
 * Imports nothing from cdktf or the provider so that it starts fast.
 */
import { runChecks } from "./checks/run";
import { loadSynthOutputs, UnusableInputError } from "./extract/load";
import { diffReviews } from "./review/diff";
import { renderJson } from "./review/json";
import { renderMarkdown } from "./review/markdown";
import { readableStacks } from "./extract/readable-stack";
import { reviewStacks, type ReviewOptions } from "./review/review";

export interface CliResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

const USAGE = "usage: bedrock-plane-review [PATH ...] [--format markdown|json] [--base PATH] [--no-checks] [--accept-modules] [--fail-on-data-plane]";

interface Arguments {
  readonly paths: string[];
  readonly format: "markdown" | "json";
  readonly base?: string;
  readonly checks: boolean;
  readonly review: ReviewOptions;
}

function parseArguments(argv: readonly string[]): Arguments {
  const paths: string[] = [];
  let format: Arguments["format"] = "markdown";
  let base: string | undefined;
  let checks = true;
  const review: { acceptModules?: boolean; failOnDataPlane?: boolean } = {};
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const [flag, inline] = argument.startsWith("--") && argument.includes("=") ? [argument.slice(0, argument.indexOf("=")), argument.slice(argument.indexOf("=") + 1)] : [argument, undefined];
    const value = () => {
      const next = inline ?? argv[++index];
      if (next === undefined) throw new UnusableInputError(`${flag} needs a value (${USAGE})`);
      return next;
    };
    if (flag === "--format") {
      const chosen = value();
      if (chosen !== "markdown" && chosen !== "json") throw new UnusableInputError(`--format must be markdown or json, got ${chosen}`);
      format = chosen;
    } else if (flag === "--base") base = value();
    else if (flag === "--no-checks" && inline === undefined) checks = false;
    else if (flag === "--accept-modules" && inline === undefined) review.acceptModules = true;
    else if (flag === "--fail-on-data-plane" && inline === undefined) review.failOnDataPlane = true;
    else if (flag.startsWith("-")) throw new UnusableInputError(`unknown option ${flag} (${USAGE})`);
    else paths.push(argument);
  }
  return { paths: paths.length > 0 ? paths : ["cdktf.out"], format, ...(base !== undefined ? { base } : {}), checks, review };
}

/** Runs the review for the given arguments; never exits the process (tests call it directly). */
export function runReview(argv: readonly string[]): CliResult {
  try {
    const options = parseArguments(argv);
    const stacks = readableStacks(loadSynthOutputs(options.paths));
    const review = reviewStacks(stacks, options.review);
    const diff = options.base !== undefined ? diffReviews(reviewStacks(loadSynthOutputs([options.base]), options.review), review) : undefined;
    const checks = options.checks ? runChecks(stacks) : undefined;
    const stdout = options.format === "json" ? renderJson(review, diff, checks) : renderMarkdown(review, diff, checks);
    const failing = review.summary.failing || (checks?.summary.failedFindings ?? 0) > 0;
    return { exitCode: failing ? 1 : 0, stdout, stderr: "" };
  } catch (error) {
    // Unusable input, and file-system errors (permissions, a folder where a file belongs): exit 2, one line.
    if (error instanceof UnusableInputError || (error instanceof Error && "code" in error)) {
      return { exitCode: 2, stdout: "", stderr: `review: ${error.message.split("\n")[0]}\n` };
    }
    throw error;
  }
}

if (require.main === module) {
  let result: CliResult;
  try {
    result = runReview(process.argv.slice(2));
  } catch (error) {
    // Never let a crash look like exit 1 ("violations"): 2 says the review did not happen.
    result = { exitCode: 2, stdout: "", stderr: `review: internal error: ${(error as Error).message.split("\n")[0]}\n` };
  }
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
