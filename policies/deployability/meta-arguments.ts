/**
 * Meta-arguments take bare addresses, not template strings: `depends_on = [aws_iam_role.app]`,
 * `replace_triggered_by = [aws_bedrock_guardrail.g]`, `ignore_changes = [tags]`. In JSON syntax
 * they are plain strings, and a `"${…}"` there is refused by `terraform init` ("Invalid
 * character"). cdktf 0.21 writes `replaceTriggeredBy` that way (terraform-cdk #3532, #3645).
 */
import type { TerraformConfig } from "../extract/terraform-json";
import { graphNodes, objectsOf } from "./graph";

export interface MetaArgumentProblem {
  readonly address: string;
  readonly argument: "depends_on" | "lifecycle.replace_triggered_by" | "lifecycle.ignore_changes";
  readonly value: unknown;
  readonly problem: string;
}

const NAME = "[A-Za-z_][\\w-]*";
/** A whole resource, data source or module call: what `depends_on` takes. */
const WHOLE_OBJECT = new RegExp(`^(?:data\\.${NAME}\\.${NAME}|module\\.${NAME}|${NAME}\\.${NAME})$`);
/** A managed resource, optionally indexed, optionally one of its attributes: what `replace_triggered_by` takes. */
const RESOURCE_OR_ATTRIBUTE = new RegExp(`^(${NAME}\\.${NAME})(?:\\[(?:\\d+|"[^"]*"|each\\.key|count\\.index)\\])?(?:\\.${NAME}(?:\\[(?:\\d+|"[^"]*")\\])*)*$`);
/** An attribute path relative to the resource itself: what `ignore_changes` takes. */
const ATTRIBUTE_PATH = new RegExp(`^${NAME}(?:\\.${NAME}|\\[(?:\\d+|"[^"]*")\\])*$`);

export function metaArgumentProblems(config: TerraformConfig): MetaArgumentProblem[] {
  const nodes = graphNodes(config);
  const defined = new Set(nodes.map((node) => node.address));
  const problems: MetaArgumentProblem[] = [];
  for (const { address, body } of nodes) {
    if (address.startsWith("local.") || address.startsWith("var.")) continue;
    const block = objectsOf(body)[0] ?? {};
    if (block.depends_on !== undefined) {
      if (!Array.isArray(block.depends_on)) problems.push({ address, argument: "depends_on", value: block.depends_on, problem: "must be a list of addresses" });
      for (const entry of Array.isArray(block.depends_on) ? block.depends_on : []) {
        if (typeof entry !== "string" || !WHOLE_OBJECT.test(entry)) {
          problems.push({
            address,
            argument: "depends_on",
            value: entry,
            problem: "must be a bare address of a whole resource, data source or module (`aws_iam_role.app`), not an expression or an attribute",
          });
        } else if (entry.startsWith("local.") || entry.startsWith("var.")) {
          problems.push({ address, argument: "depends_on", value: entry, problem: "must name a resource, data source or module, not a local value or variable" });
        } else if (!defined.has(entry)) {
          problems.push({ address, argument: "depends_on", value: entry, problem: "names nothing this configuration declares" });
        }
      }
    }
    for (const lifecycle of objectsOf(block.lifecycle)) {
      const triggers = lifecycle.replace_triggered_by;
      for (const entry of Array.isArray(triggers) ? triggers : triggers === undefined ? [] : [triggers]) {
        const match = typeof entry === "string" ? RESOURCE_OR_ATTRIBUTE.exec(entry) : null;
        if (!match) {
          problems.push({
            address,
            argument: "lifecycle.replace_triggered_by",
            value: entry,
            problem: "must be a bare address of a managed resource or one of its attributes (`aws_bedrock_guardrail.g`), not `${…}`",
          });
        } else if (/^(data|local|var|module)\./.test(match[1]) || !defined.has(match[1])) {
          problems.push({ address, argument: "lifecycle.replace_triggered_by", value: entry, problem: "names no managed resource of this configuration" });
        }
      }
      const ignored = lifecycle.ignore_changes;
      if (ignored === undefined || ignored === "all") continue;
      for (const entry of Array.isArray(ignored) ? ignored : [ignored]) {
        if (typeof entry !== "string" || !ATTRIBUTE_PATH.test(entry)) {
          problems.push({
            address,
            argument: "lifecycle.ignore_changes",
            value: entry,
            problem: 'must be "all" or attribute paths of the resource itself (`tags`, `tags["Owner"]`), not expressions',
          });
        }
      }
    }
  }
  return problems;
}
