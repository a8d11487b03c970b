/**
 * `.bedrock-plane-review.json`: skips of the rule pack, each for one rule on one resource with a
 * written reason, kept beside the Terraform like `.checkov.yaml` or `.tflint.hcl`:
 *
 *   { "skip": [ { "rule": "lambda-code-signing", "resource": "aws_lambda_function.worker",
 *                 "stack": "envs/prod", "reason": "deployed from an image our pipeline signs" } ] }
 *
 * `rule` is a pack rule id or an upstream id it mirrors (CKV_AWS_272); `stack` is optional (the
 * module folder or cdktf stack; every one when absent). Anything else is refused with the entry
 * named (exit 2): a skip that is silently ignored is worse than none.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES } from "../checks/pack";
import type { ConfigSkip } from "../checks/suppressions";
import { UnusableInputError } from "../extract/errors";

export const CONFIG_FILE = ".bedrock-plane-review.json";

const KNOWN_RULES = new Set(RULES.flatMap((rule) => [rule.id, ...rule.upstream]));
const ADDRESS = /^[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*(\[[^\]]+\])?$/;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function skipOf(entry: unknown, at: string): ConfigSkip {
  if (!isObject(entry)) throw new UnusableInputError(`${at}: expected an object with rule, resource and reason`);
  const unknown = Object.keys(entry).filter((key) => !["rule", "resource", "stack", "reason"].includes(key));
  if (unknown.length > 0) throw new UnusableInputError(`${at}: unknown key ${unknown[0]} (expected rule, resource, stack, reason)`);
  const { rule, resource, stack, reason } = entry;
  if (typeof rule !== "string" || !KNOWN_RULES.has(rule)) throw new UnusableInputError(`${at}.rule: ${JSON.stringify(rule)} is no rule of the pack nor an upstream id it mirrors`);
  if (typeof resource !== "string" || !ADDRESS.test(resource)) throw new UnusableInputError(`${at}.resource: expected a Terraform resource address such as aws_lambda_function.worker, got ${JSON.stringify(resource)}`);
  if (stack !== undefined && typeof stack !== "string") throw new UnusableInputError(`${at}.stack: expected a string`);
  if (typeof reason !== "string" || reason.trim() === "") throw new UnusableInputError(`${at}.reason: a skip needs a written reason`);
  return { rule, resource, ...(stack !== undefined ? { stack } : {}), reason: reason.trim() };
}

/** The skips of `file`; without a file, of `.bedrock-plane-review.json` in `directory` when there is one. */
export function loadConfigSkips(file: string | undefined, directory: string): ConfigSkip[] {
  const path = file ?? join(directory, CONFIG_FILE);
  if (!existsSync(path)) {
    if (file !== undefined) throw new UnusableInputError(`${file}: no such file (--config)`);
    return [];
  }
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UnusableInputError(`${path}: invalid JSON (${(error as Error).message})`);
  }
  if (!isObject(document) || Object.keys(document).some((key) => key !== "skip" && key !== "$schema")) throw new UnusableInputError(`${path}: expected { "skip": [ … ] }`);
  const skips = document.skip ?? [];
  if (!Array.isArray(skips)) throw new UnusableInputError(`${path}: skip: expected an array`);
  return skips.map((entry, index) => skipOf(entry, `${path}: skip[${index}]`));
}
