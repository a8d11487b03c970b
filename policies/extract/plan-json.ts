/**
 * `terraform show -json` output (https://developer.hashicorp.com/terraform/internals/json-format)
 * as the review's stacks: one stack per module instance, resources keyed as in their address.
 *
 * A plan is what policy tools in this field read, because Terraform has already done the hard
 * part: modules are expanded, and `jsonencode`, variables, locals and data sources such as
 * `aws_iam_policy_document` are evaluated. What stays unknown until apply (an ARN, a policy built
 * from one) is written back as the reference the configuration gives for it
 * (`${aws_iam_role.app.arn}`), so the review follows it like any other reference; with no
 * reference it is `${(known after apply)}`, which the review treats as unreadable.
 *
 * Read in this order: `resource_changes` (it carries `after_unknown`), else `planned_values`,
 * else a state's `values`; data sources read while planning come from `prior_state`. Instances
 * a plan deletes are left out: they are not what will run.
 */
import { UnusableInputError } from "./errors";
import type { SynthStack, TerraformConfig, TerraformValue } from "./terraform-json";

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Whether a parsed JSON document is `terraform show -json` output (a plan or a state). */
export function isTerraformShowJson(document: unknown): boolean {
  return isObject(document) && typeof document.format_version === "string" && ("planned_values" in document || "resource_changes" in document || "values" in document || "configuration" in document);
}

interface Instance {
  readonly moduleAddress: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly values: JsonObject;
  readonly unknown?: unknown;
}

export const KNOWN_AFTER_APPLY = "${(known after apply)}";

function instancesFromChanges(changes: unknown[]): Instance[] {
  const instances: Instance[] = [];
  for (const change of changes) {
    if (!isObject(change) || !isObject(change.change)) continue;
    const actions = Array.isArray(change.change.actions) ? change.change.actions : [];
    if (actions.length === 1 && actions[0] === "delete") continue;
    const after = change.change.after;
    if (!isObject(after)) continue;
    instances.push({
      moduleAddress: typeof change.module_address === "string" ? change.module_address : "",
      mode: change.mode === "data" ? "data" : "managed",
      type: String(change.type),
      name: String(change.name),
      ...(change.index !== undefined ? { index: change.index as string | number } : {}),
      values: after,
      unknown: change.change.after_unknown,
    });
  }
  return instances;
}

function instancesFromModule(module: unknown, moduleAddress = ""): Instance[] {
  if (!isObject(module)) return [];
  const own = (Array.isArray(module.resources) ? module.resources : []).filter(isObject).map(
    (resource): Instance => ({
      moduleAddress,
      mode: resource.mode === "data" ? "data" : "managed",
      type: String(resource.type),
      name: String(resource.name),
      ...(resource.index !== undefined ? { index: resource.index as string | number } : {}),
      values: isObject(resource.values) ? resource.values : {},
    }),
  );
  const children = (Array.isArray(module.child_modules) ? module.child_modules : []).filter(isObject);
  return [...own, ...children.flatMap((child) => instancesFromModule(child, String(child.address ?? "")))];
}

/** The configuration module a module instance comes from: `module.a[0].module.b` → module_calls.a.module.module_calls.b.module. */
function configurationModule(configuration: unknown, moduleAddress: string): JsonObject | undefined {
  let module = isObject(configuration) && isObject(configuration.root_module) ? configuration.root_module : undefined;
  if (moduleAddress === "") return module;
  for (const match of moduleAddress.matchAll(/module\.([^.[]+)(?:\[[^\]]*\])?/g)) {
    const calls = module && isObject(module.module_calls) ? module.module_calls : undefined;
    const call = calls?.[match[1]];
    module = isObject(call) && isObject(call.module) ? call.module : undefined;
  }
  return module;
}

function configurationExpressions(configuration: unknown, instance: Instance): unknown {
  const module = configurationModule(configuration, instance.moduleAddress);
  const address = `${instance.mode === "data" ? "data." : ""}${instance.type}.${instance.name}`;
  const resource = (Array.isArray(module?.resources) ? module.resources : []).find((candidate) => isObject(candidate) && candidate.address === address);
  // Found: its expressions ({} when it sets nothing); not found: undefined, and unknowns stay unknown.
  return isObject(resource) ? (isObject(resource.expressions) ? resource.expressions : {}) : undefined;
}

/** The configuration's own words for a value unknown at plan time: its first reference, or a constant. */
function symbolFor(expression: unknown): TerraformValue {
  if (isObject(expression)) {
    const references = Array.isArray(expression.references) ? expression.references.filter((reference): reference is string => typeof reference === "string") : [];
    if (references.length > 0) return `\${${references[0]}}`;
    if ("constant_value" in expression) return expression.constant_value as TerraformValue;
  }
  return KNOWN_AFTER_APPLY;
}

/**
 * Attributes that carry policy text. Unknown at plan time, their text is unknown: the
 * configuration's references say what it depends on, not what it says (a `jsonencode` that
 * concatenates a known document with more statements references only that document), so such a
 * value is never read as its first reference.
 */
const POLICY_TEXT = new Set(["policy", "assume_role_policy", "source_policy_documents", "override_policy_documents", "source_json", "override_json"]);

/**
 * Fills every leaf `after_unknown` marks as unknown, walking the configuration's expressions
 * alongside (`key`: the attribute the value is, or is an element of). With the configuration at
 * hand (`configured`), an unknown attribute it does not set is one the provider computes
 * (`managed_policy_arns`, `inline_policy` of a new role): nothing this configuration grants, so
 * it is left out rather than read as an unknown policy. (A `dynamic "inline_policy"` block is the
 * exception Terraform's plan cannot show: it leaves dynamic blocks out of `configuration`.)
 */
function fillUnknown(value: unknown, unknown: unknown, expression: unknown, configured: boolean, key?: string): TerraformValue | undefined {
  if (unknown === true) {
    if (key !== undefined && POLICY_TEXT.has(key)) return KNOWN_AFTER_APPLY;
    return configured && expression === undefined ? undefined : symbolFor(expression);
  }
  if (Array.isArray(unknown)) {
    const list = Array.isArray(value) ? [...value] : [];
    unknown.forEach((marker, index) => {
      const nestedExpression = Array.isArray(expression) ? (expression[index] ?? expression[0]) : undefined;
      list[index] = fillUnknown(list[index], marker, nestedExpression, configured && nestedExpression !== undefined, key) ?? null;
    });
    return list as TerraformValue;
  }
  if (isObject(unknown)) {
    const object: JsonObject = Object.assign(Object.create(null) as JsonObject, isObject(value) ? value : {});
    const expressions = Array.isArray(expression) ? expression[0] : expression;
    for (const [name, marker] of Object.entries(unknown)) {
      const filled = fillUnknown(object[name], marker, isObject(expressions) ? expressions[name] : undefined, configured, name);
      if (filled === undefined) delete object[name];
      else object[name] = filled;
    }
    return object as TerraformValue;
  }
  return (value ?? null) as TerraformValue;
}

const instanceAddress = (instance: Instance) => `${instance.moduleAddress}/${instance.mode}.${instance.type}.${instance.name}[${String(instance.index ?? "")}]`;

function instanceKey(instance: Instance, siblings: number): string {
  // A single instance keeps the bare name, so that `aws_iam_role.x[0].arn` and `aws_iam_role.x.arn` both find it.
  if (instance.index === undefined || siblings === 1) return instance.name;
  return `${instance.name}[${typeof instance.index === "number" ? instance.index : JSON.stringify(instance.index)}]`;
}

/** The stacks of one `terraform show -json` document; `label` is the file's name. */
export function stacksOfShowJson(document: unknown, label: string, file: string): SynthStack[] {
  if (!isObject(document)) throw new UnusableInputError(`${label}: not terraform show -json output`);
  const instances = Array.isArray(document.resource_changes)
    ? instancesFromChanges(document.resource_changes)
    : isObject(document.planned_values)
      ? instancesFromModule(document.planned_values.root_module)
      : isObject(document.values)
        ? instancesFromModule(document.values.root_module)
        : undefined;
  if (instances === undefined) throw new UnusableInputError(`${label}: terraform show -json output without resource_changes, planned_values or values (was the plan saved with -out?)`);
  // Data sources read while planning (an existing role and its trust policy, a policy document)
  // are in the refreshed prior state, not among the changes.
  const priorState = isObject(document.prior_state) && isObject(document.prior_state.values) ? document.prior_state.values.root_module : undefined;
  const seen = new Set(instances.map(instanceAddress));
  for (const read of instancesFromModule(priorState)) if (read.mode === "data" && !seen.has(instanceAddress(read))) instances.push(read);
  const byModule = new Map<string, Instance[]>();
  for (const instance of instances) byModule.set(instance.moduleAddress, [...(byModule.get(instance.moduleAddress) ?? []), instance]);
  if (!byModule.has("")) byModule.set("", []);
  return [...byModule.entries()]
    .sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b)))
    .map(([moduleAddress, members]) => {
      // No prototypes: a resource named `__proto__` is an entry like any other.
      const config: { resource: Record<string, Record<string, TerraformValue>>; data: Record<string, Record<string, TerraformValue>> } = { resource: Object.create(null), data: Object.create(null) };
      const siblings = new Map<string, number>();
      for (const member of members) siblings.set(`${member.mode}.${member.type}.${member.name}`, (siblings.get(`${member.mode}.${member.type}.${member.name}`) ?? 0) + 1);
      for (const member of members) {
        const expressions = configurationExpressions(document.configuration, member);
        const values = member.unknown === undefined ? (member.values as TerraformValue) : (fillUnknown(member.values, member.unknown, expressions ?? undefined, expressions !== undefined) ?? {});
        const target = member.mode === "data" ? config.data : config.resource;
        if (!Object.hasOwn(target, member.type)) target[member.type] = Object.create(null);
        target[member.type][instanceKey(member, siblings.get(`${member.mode}.${member.type}.${member.name}`)!)] = values;
      }
      return { name: moduleAddress === "" ? label : `${label}/${moduleAddress}`, file, config: config as TerraformConfig };
    });
}
