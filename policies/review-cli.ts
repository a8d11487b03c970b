#!/usr/bin/env node
/**
 * `bedrock-plane-review [PATH ...] [options]` (policies/cli/arguments.ts has the options and
 * the `--help` text).
 *
 * A thin shell over policies/review and policies/checks: read the input(s), review the
 * permissions, run the rule pack, render, exit 0 (nothing failing), 1 (violations, module calls
 * not accepted, data-plane findings when they fail, or unsuppressed check findings) or 2
 * (unusable input, one-line error on stderr). Imports nothing from cdktf or the provider so that
 * it starts fast.
 */
import { runChecks } from "./checks/run";
import { HELP, parseArguments } from "./cli/arguments";
import { loadConfigSkips } from "./cli/config-file";
import { packageVersion } from "./cli/version";
import { loadSynthOutputs, UnusableInputError } from "./extract/load";
import { readableStacks } from "./extract/readable-stack";
import { diffReviews } from "./review/diff";
import { renderJson } from "./review/json";
import { renderMarkdown } from "./review/markdown";
import { reviewStacks } from "./review/review";
import { renderSarif } from "./review/sarif";

export interface CliResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the review for the given arguments; never exits the process (tests call it directly). */
export function runReview(argv: readonly string[]): CliResult {
  try {
    const options = parseArguments(argv);
    if (options.command === "help") return { exitCode: 0, stdout: HELP, stderr: "" };
    if (options.command === "version") return { exitCode: 0, stdout: `${packageVersion()}\n`, stderr: "" };
    const stacks = readableStacks(loadSynthOutputs(options.paths));
    const review = reviewStacks(stacks, options.review);
    const diff = options.base !== undefined ? diffReviews(reviewStacks(loadSynthOutputs([options.base]), options.review), review) : undefined;
    const checks = options.checks ? runChecks(stacks, { skips: loadConfigSkips(options.config, ".") }) : undefined;
    const stdout =
      options.format === "json"
        ? renderJson(review, diff, checks)
        : options.format === "sarif"
          ? renderSarif(review, checks, { toolVersion: packageVersion(), baseDirectory: process.cwd(), ...options.review })
          : renderMarkdown(review, diff, checks);
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
