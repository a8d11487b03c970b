/**
 * Turning a Terraform policy value into statements. A value is a JSON string (cdktf renders
 * `JSON.stringify(doc)` with `${...}` references inside string values: opaque, fine), a reference
 * to a `data.aws_iam_policy_document` (converted from its snake_case blocks, merging
 * `source_policy_documents` and `override_policy_documents` as the provider does), a reference to
 * an `aws_iam_policy`'s `policy`, or a cross-stack remote-state output that leads to one of those.
 * Anything else (`${jsonencode(...)}`, `${file(...)}`, a variable, a dynamic block) is
 * unresolvable, and says why.
 */
import type { ConditionBlock, PolicyStatement, Principal } from "../documents/statement";
import { parseJsonWithInterpolations } from "./masked-json";
import { awsManagedPolicy } from "./managed-policies";
import {
  blocksOf,
  dataSourcesOf,
  isExpression,
  parseReference,
  resourcesOf,
  stringOf,
  stringsOf,
  type SynthStack,
  type TerraformBlock,
  type TerraformValue,
} from "./terraform-json";

export type PolicyResolution =
  | { readonly kind: "absent" }
  | {
      readonly kind: "resolved";
      readonly statements: readonly PolicyStatement[];
      readonly via?: string;
      /**
       * Where each statement stands in the document as written, when that is not its place in
       * `statements`: a policy read in several renderings lists every rendering's statements,
       * each numbered by its place in the rendering it first appears in.
       */
      readonly positions?: readonly number[];
    }
  | { readonly kind: "unresolvable"; readonly reason: string };

/** All stacks of one synth output, indexed for cross-stack references. */
export interface Workspace {
  readonly stacks: readonly SynthStack[];
  readonly byName: ReadonlyMap<string, SynthStack>;
}

export function workspaceOf(stacks: readonly SynthStack[]): Workspace {
  return { stacks, byName: new Map(stacks.map((stack) => [stack.name, stack])) };
}

const REMOTE_STATE_INPUT = "cross-stack-reference-input-";

/**
 * Follows `${data.terraform_remote_state.<n>.outputs.<output>}` to the producing stack's output
 * value (cdktf's cross-stack references), repeatedly. Returns the value unchanged otherwise.
 */
export function followRemoteState(workspace: Workspace, stack: SynthStack, value: string): { stack: SynthStack; value: string } {
  let current = { stack, value };
  for (let hops = 0; hops < 8; hops++) {
    const reference = parseReference(current.value);
    if (!reference || reference.mode !== "data" || reference.type !== "terraform_remote_state" || !reference.attribute.startsWith("outputs.")) return current;
    const outputName = reference.attribute.slice("outputs.".length);
    const producerName = reference.name.startsWith(REMOTE_STATE_INPUT) ? reference.name.slice(REMOTE_STATE_INPUT.length) : undefined;
    const candidates = [...(producerName && workspace.byName.has(producerName) ? [workspace.byName.get(producerName)!] : []), ...workspace.stacks];
    const producer = candidates.find((candidate) => typeof candidate.config.output?.[outputName]?.value === "string");
    if (!producer) return current;
    current = { stack: producer, value: producer.config.output![outputName].value as string };
  }
  return current;
}

const unresolvable = (reason: string): PolicyResolution => ({ kind: "unresolvable", reason });

/** Resolves a policy value found in `stack` (a `policy` attribute, a source document, …). */
export function resolvePolicyValue(workspace: Workspace, stack: SynthStack, value: TerraformValue | undefined, seen: ReadonlySet<string> = new Set()): PolicyResolution {
  if (value === undefined || value === null || value === "") return { kind: "absent" };
  if (typeof value !== "string") return unresolvable("policy is not a string");
  const followed = followRemoteState(workspace, stack, value);
  const reference = parseReference(followed.value);
  if (reference) {
    const key = `${followed.stack.name}/${reference.address}`;
    if (seen.has(key)) return unresolvable(`${reference.address} refers to itself`);
    const nextSeen = new Set([...seen, key]);
    if (reference.mode === "data" && reference.type === "aws_iam_policy_document" && (reference.attribute === "json" || reference.attribute === "minified_json")) {
      const source = dataSourcesOf(followed.stack.config, "aws_iam_policy_document").find((candidate) => candidate.name === reference.name);
      if (!source) return unresolvable(`${reference.address} is not defined in stack ${followed.stack.name}`);
      // A plan carries the document Terraform rendered: read that rather than re-deriving it.
      const rendered = stringOf(source.block[reference.attribute]);
      if (rendered !== undefined && rendered !== "" && !isExpression(rendered)) {
        const parsed = parsePolicyJson(rendered);
        return parsed.kind === "resolved" ? { ...parsed, via: reference.address } : parsed;
      }
      return policyDocumentDataSource(workspace, followed.stack, source.block, reference.address, nextSeen);
    }
    if (reference.mode === "resource" && reference.type === "aws_iam_policy" && reference.attribute === "policy") {
      const policy = resourcesOf(followed.stack.config, "aws_iam_policy").find((candidate) => candidate.name === reference.name);
      if (!policy) return unresolvable(`${reference.address} is not defined in stack ${followed.stack.name}`);
      return resolvePolicyValue(workspace, followed.stack, policy.block.policy, nextSeen);
    }
    if (reference.mode === "data" && reference.type === "aws_iam_policy" && reference.attribute === "policy") {
      const lookup = dataSourcesOf(followed.stack.config, "aws_iam_policy").find((candidate) => candidate.name === reference.name);
      const arn = stringOf(lookup?.block.arn);
      const known = arn === undefined ? undefined : awsManagedPolicy(arn);
      if (known) return { kind: "resolved", statements: known, via: arn };
      return unresolvable(`${reference.address} reads an existing policy the guard cannot see`);
    }
    return unresolvable(`policy comes from ${followed.value}, which the guard cannot follow`);
  }
  const variants = followed.stack.alternatives?.get(followed.value);
  if (variants) return policyOfVariants(variants);
  if (isExpression(followed.value) && followed.value.trimStart().startsWith("${")) {
    return unresolvable(`policy is a Terraform expression (${abbreviate(followed.value)})`);
  }
  return parsePolicyJson(followed.value);
}

/**
 * A policy with branches on unknown values (a template's `%{if}`, "add the secret statement if a
 * secret is configured"; a conditional, `concat([…], var.enforce ? [{ Effect = "Deny", … }] : [])`):
 * every Allow of any rendering may be granted; a Deny counts only if every rendering has it,
 * since one that may be absent cannot be relied on. A statement keeps its place in the rendering
 * it first appears in, so that one statement written with a conditional Resource is reported
 * once, under the number it has in the file.
 */
function policyOfVariants(variants: readonly string[]): PolicyResolution {
  const parsed = variants.map(parsePolicyJson);
  const failed = parsed.find((one) => one.kind === "unresolvable");
  if (failed) return failed;
  const renderings = parsed.map((one) => (one.kind === "resolved" ? one.statements : []));
  const keyed = renderings.map((rendering) => new Set(rendering.map((statement) => JSON.stringify(statement))));
  const statements = new Map<string, { statement: PolicyStatement; position: number }>();
  for (const rendering of renderings) {
    rendering.forEach((statement, position) => {
      const key = JSON.stringify(statement);
      if (statements.has(key)) return;
      if (statement.Effect !== "Deny" || keyed.every((other) => other.has(key))) statements.set(key, { statement, position });
    });
  }
  const kept = [...statements.values()];
  return { kind: "resolved", statements: kept.map((one) => one.statement), positions: kept.map((one) => one.position), via: `${variants.length} renderings` };
}

function abbreviate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Parses a policy JSON string into statements; a string that is not a policy is unresolvable. */
export function parsePolicyJson(text: string): PolicyResolution {
  let parsed: unknown;
  try {
    parsed = parseJsonWithInterpolations(text);
  } catch {
    return unresolvable(`policy is not valid JSON (${abbreviate(text)})`);
  }
  if (typeof parsed !== "object" || parsed === null || !("Statement" in parsed)) return unresolvable("policy JSON has no Statement");
  const raw = (parsed as { Statement: unknown }).Statement;
  const statements = Array.isArray(raw) ? raw : [raw];
  for (const statement of statements) {
    const problem = statementProblem(statement);
    if (problem) return unresolvable(problem);
  }
  return { kind: "resolved", statements: statements as PolicyStatement[] };
}

const isStringOrList = (value: unknown) => value === undefined || typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string"));

function statementProblem(statement: unknown): string | undefined {
  if (typeof statement !== "object" || statement === null) return "policy statement is not an object";
  const fields = statement as Record<string, unknown>;
  for (const key of ["Action", "NotAction", "Resource", "NotResource"]) {
    if (!isStringOrList(fields[key])) return `policy statement ${key} is neither a string nor a list of strings`;
  }
  if (fields.Action === undefined && fields.NotAction === undefined) return "policy statement has neither Action nor NotAction";
  for (const key of ["Principal", "NotPrincipal"]) {
    const principal = fields[key];
    if (principal === undefined || principal === "*") continue;
    if (typeof principal !== "object" || principal === null || Array.isArray(principal) || !Object.values(principal).every(isStringOrList)) {
      return `policy statement ${key} is neither "*" nor a map of strings or lists of strings`;
    }
  }
  if (fields.Condition !== undefined && (typeof fields.Condition !== "object" || fields.Condition === null || Object.values(fields.Condition).some((entries) => typeof entries !== "object" || entries === null))) {
    return "policy statement Condition is not a map of maps";
  }
  return undefined;
}

/** Converts a `data.aws_iam_policy_document` block into statements, provider merge rules included. */
function policyDocumentDataSource(workspace: Workspace, stack: SynthStack, block: TerraformBlock, address: string, seen: ReadonlySet<string>): PolicyResolution {
  const merged: PolicyStatement[] = [];
  // Later statements with the same non-empty Sid replace earlier ones; others are appended.
  const merge = (statements: readonly PolicyStatement[]) => {
    for (const statement of statements) {
      const at = statement.Sid ? merged.findIndex((existing) => existing.Sid === statement.Sid) : -1;
      if (at >= 0) merged[at] = statement;
      else merged.push(statement);
    }
  };
  const documents = (attribute: string, legacy: string): TerraformValue[] => {
    const value = block[attribute];
    if (typeof value === "string") return [value]; // an expression yielding a list: resolved (and failed) as one value
    return [...(Array.isArray(value) ? value : []), ...(block[legacy] !== undefined ? [block[legacy]] : [])];
  };
  for (const source of documents("source_policy_documents", "source_json")) {
    const resolved = resolvePolicyValue(workspace, stack, source, seen);
    if (resolved.kind === "unresolvable") return unresolvable(`${address} source document: ${resolved.reason}`);
    if (resolved.kind === "resolved") merge(resolved.statements);
  }
  const own: PolicyStatement[] = [];
  for (const statement of blocksOf(block.statement)) {
    const converted = convertStatementBlock(statement);
    if (typeof converted === "string") return unresolvable(`${address}: ${converted}`);
    if (converted !== undefined) own.push(converted);
  }
  if (typeof block.statement === "string") return unresolvable(`${address} statements are a Terraform expression`);
  const dynamic = dynamicStatements(block);
  if (typeof dynamic === "string") return unresolvable(`${address}: ${dynamic}`);
  own.push(...dynamic);
  merge(own);
  for (const override of documents("override_policy_documents", "override_json")) {
    const resolved = resolvePolicyValue(workspace, stack, override, seen);
    if (resolved.kind === "unresolvable") return unresolvable(`${address} override document: ${resolved.reason}`);
    if (resolved.kind === "resolved") merge(resolved.statements);
  }
  return { kind: "resolved", statements: merged, via: address };
}

/**
 * A statement block's list. Empty counts as not set: a plan writes every attribute of a
 * document's statement (`"not_actions": []`), and an empty NotAction read as set would grant
 * everything.
 */
function listField(value: TerraformValue | undefined): readonly string[] | undefined | "expression" {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return undefined;
  if (typeof value === "string") return isExpression(value) ? "expression" : [value];
  return stringsOf(value);
}

/**
 * `dynamic "statement"` blocks: each `content` is a statement that may exist once or many times,
 * or not at all. Read as may-grant: an Allow counts (its actions must still be readable: one that
 * depends on the iterator fails closed), a Deny does not (it may not be there). A `for_each`
 * known to be empty adds nothing.
 */
function dynamicStatements(block: TerraformBlock): PolicyStatement[] | string {
  const statements: PolicyStatement[] = [];
  for (const dynamic of blocksOf(block.dynamic)) {
    for (const [name, value] of Object.entries(dynamic)) {
      if (name !== "statement") return `a dynamic "${name}" block in a policy document`;
      for (const generator of blocksOf(value)) {
        if (Array.isArray(generator.for_each) && generator.for_each.length === 0) continue;
        for (const content of blocksOf(generator.content)) {
          const converted = convertStatementBlock(content);
          if (typeof converted === "string") return `dynamic statement: ${converted}`;
          if (converted !== undefined && converted.Effect === "Allow") statements.push(converted);
        }
      }
    }
  }
  return statements;
}

/**
 * One snake_case `statement` block → a PolicyStatement, a problem description, or undefined for
 * a Deny that cannot be relied on (its condition or principals come from a dynamic block).
 */
function convertStatementBlock(block: TerraformBlock): PolicyStatement | string | undefined {
  const nestedDynamic = blocksOf(block.dynamic).flatMap((dynamic) => Object.keys(dynamic));
  if (nestedDynamic.some((name) => name === "principals" || name === "not_principals")) return "principals come from a dynamic block";
  if (nestedDynamic.length > 0 && stringOf(block.effect) === "Deny") return undefined;
  const fields: Record<string, readonly string[] | undefined> = {};
  for (const [key, name] of [
    ["actions", "Action"],
    ["not_actions", "NotAction"],
    ["resources", "Resource"],
    ["not_resources", "NotResource"],
  ] as const) {
    const list = listField(block[key]);
    if (list === "expression") {
      if (key === "actions" || key === "not_actions") return `statement ${key} is a Terraform expression`;
      fields[name] = [block[key] as string];
    } else if (list !== undefined) fields[name] = list;
  }
  if (fields.Action === undefined && fields.NotAction === undefined) return "statement has neither actions nor not_actions";
  const effect = stringOf(block.effect) ?? "Allow";
  const condition: Record<string, Record<string, string[]>> = {};
  for (const entry of blocksOf(block.condition)) {
    const test = stringOf(entry.test) ?? "?";
    const variable = stringOf(entry.variable) ?? "?";
    condition[test] = { ...condition[test], [variable]: [...(condition[test]?.[variable] ?? []), ...stringsOf(entry.values)] };
  }
  const principal = convertPrincipals(block.principals);
  const notPrincipal = convertPrincipals(block.not_principals);
  return {
    ...(stringOf(block.sid) ? { Sid: stringOf(block.sid) } : {}),
    Effect: effect === "Deny" ? "Deny" : "Allow",
    ...(principal ? { Principal: principal } : {}),
    ...(notPrincipal ? { NotPrincipal: notPrincipal } : {}),
    ...(fields.Action ? { Action: fields.Action } : {}),
    ...(fields.NotAction ? { NotAction: fields.NotAction } : {}),
    ...(fields.Resource ? { Resource: fields.Resource } : {}),
    ...(fields.NotResource ? { NotResource: fields.NotResource } : {}),
    ...(Object.keys(condition).length > 0 ? { Condition: condition as ConditionBlock } : {}),
  };
}

function convertPrincipals(value: TerraformValue | undefined): Principal | undefined {
  const blocks = blocksOf(value);
  if (blocks.length === 0) return undefined;
  const principal: Record<string, string[]> = {};
  for (const block of blocks) {
    const type = stringOf(block.type) ?? "AWS";
    const identifiers = stringsOf(block.identifiers);
    if (type === "*") return "*";
    principal[type] = [...(principal[type] ?? []), ...identifiers];
  }
  return principal;
}
