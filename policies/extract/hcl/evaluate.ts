/**
 * Evaluates the Terraform expressions inside Terraform JSON string values as far as they can be
 * known offline, for the permission review.
 *
 * The one idea: whatever cannot be known (a variable, a resource attribute, a branch on either, a
 * function we do not model) stays *symbolic*, written back as `${<its exact source>}`. The review
 * already reads any string containing `${` as an unknown Terraform expression (an unknown Resource is
 * fine, an unknown Action fails closed), so a symbolic part can never turn into a wrong known value;
 * the worst case is "unknown", which is the state before this evaluator existed.
 *
 * Internally a wholly unknown value is an `Unknown` (it may stand for a list or an object, so list
 * functions give up on it) and is rendered as `${source}` only at the edges: in the result, inside a
 * string, or inside jsonencode's output. A known string that contains `${` (a local that was itself
 * partly symbolic) is a *symbolic string*: it can be copied and concatenated, but anything that
 * depends on its characters (upper, ==, split, distinct, ...) is unknown.
 *
 * Known limitation, by design: a literal `${` written with the `$${` escape (e.g. an IAM policy
 * variable `$${aws:username}`) comes out as `${aws:username}`, which the review reads as unknown.
 */
import type { TerraformValue } from "../terraform-json";
import {
  objectKeyName,
  parseTemplate,
  trimSpace,
  type CallExpr,
  type Expression,
  type ForExpr,
  type Span,
  type Step,
  type TemplateExpr,
  type TemplatePart,
} from "./syntax";

export interface HclScope {
  /** value of `local.<name>` (already a TerraformValue), or undefined when there is no such local */
  local?(name: string): TerraformValue | undefined;
  /**
   * `local.<name>` as written (its strings still `${…}` templates). With it, a local whose value
   * depends on an unknown choice is evaluated inside each rendering (see evaluateTemplateVariants),
   * so that the choice is made once per rendering wherever the local is used.
   */
  localSource?(name: string): TerraformValue | undefined;
  /** contents of a file for file()/templatefile(); path as evaluated; undefined when it cannot be read */
  readFile?(path: string): string | undefined;
  /** value of path.module / path.root (a directory), when known */
  pathModule?: string;
}

/** True when the string carries a Terraform expression the evaluator could not know (or an escaped `${`). */
export function isSymbolic(value: string): boolean {
  return value.includes("${") || value.includes("%{");
}

/**
 * Evaluates one string value as Terraform would read it from JSON. A string without `${`/`%{` is
 * returned as it is, at no cost. Never throws: a string that does not parse (or breaks a limit) is
 * returned unchanged, and still contains `${`, so the caller treats it as unknown.
 */
export function evaluateTemplateString(text: string, scope: HclScope = {}): TerraformValue {
  return evaluateWith(text, scope, undefined);
}

/** At most this many `%{if}` directives with an unknown condition are enumerated (2^n renderings). */
const MAX_UNKNOWN_CHOICES = 4;

/**
 * Every value the string can take when its only unknowns are choices: `%{if}` directives (in a
 * template or a `templatefile()`) and conditional expressions (`var.enforce ? [ {…} ] : []`, in
 * the string or in a local it reads) whose condition is unknown: one rendering per combination of
 * branches. A string with no such choice gives one value, as evaluateTemplateString does; more
 * than MAX_UNKNOWN_CHOICES of them give the string as written (unknown). A policy that adds a
 * statement "if a secret is configured", or a Deny "if enforced", is then read as each policy it
 * can be, and the review judges what any of them may grant.
 */
export function evaluateTemplateVariants(text: string, scope: HclScope = {}): TerraformValue[] {
  if (!text.includes("${") && !text.includes("%{")) return [text];
  // Directives may sit in the string or in a templatefile() it calls: one run finds out.
  const first = { picks: [] as boolean[], unknownChoices: 0 };
  const baseline = evaluateWith(text, scope, first);
  if (first.unknownChoices === 0) return [baseline];
  if (first.unknownChoices > MAX_UNKNOWN_CHOICES) return [text];
  const results = new Map<string, TerraformValue>();
  for (let mask = 0; mask < 1 << first.unknownChoices; mask++) {
    const picks = Array.from({ length: first.unknownChoices }, (_, bit) => (mask & (1 << bit)) !== 0);
    const value = evaluateWith(text, scope, { picks, unknownChoices: 0 });
    results.set(JSON.stringify(value), value);
  }
  return [...results.values()];
}

function evaluateWith(text: string, scope: HclScope, variants: Run["variants"]): TerraformValue {
  if (!text.includes("${") && !text.includes("%{")) return text;
  let template: TemplateExpr;
  try {
    template = parseTemplate(text);
  } catch {
    return text;
  }
  const context: Context = { text, scope, vars: undefined, varsOnly: false, anon: undefined, run: { steps: 0, locals: new Map(), ...(variants ? { variants } : {}) }, fileDepth: 0 };
  try {
    if (template.wrap) {
      const expression = template.parts[0] as Expression;
      const value = evaluate(expression, context);
      if (value instanceof Unknown) return value.source === sourceOf(expression, context) ? text : symbol(value.source);
      return toTerraform(value, 0);
    }
    // A failing interpolation stays symbolic on its own; an unknown %{if}/%{for} leaves the whole string as written.
    return render(template.parts, context, true);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/** A value that cannot be known offline; `source` is the HCL expression that would produce it. */
class Unknown {
  constructor(readonly source: string) {}
}

type Value = null | boolean | number | string | Unknown | Value[] | ValueMap;
interface ValueMap {
  [key: string]: Value;
}

/** Thrown (never escapes `evaluate`) when a node's value depends on something unknown: the node becomes an Unknown. */
const UNKNOWABLE = Symbol("unknowable");
/** The expression is one Terraform would reject (type error, missing attribute, ...): `try()` moves on, otherwise it stays symbolic. */
class EvalFailure {
  constructor(readonly message: string) {}
}
/** Too much work or output for one string: the whole string stays as written. */
const LIMIT = Symbol("limit");

const MAX_STEPS = 100_000;
const MAX_STRING = 1_000_000;
const MAX_ITEMS = 100_000;
const MAX_VALUE_DEPTH = 200;
const MAX_FILE_DEPTH = 4;

const fail = (message: string): never => {
  throw new EvalFailure(message);
};
const unknowable = (): never => {
  throw UNKNOWABLE;
};
const symbol = (source: string) => "${" + source + "}";

const isMap = (value: Value): value is ValueMap => typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Unknown);
const newMap = (): ValueMap => Object.create(null) as ValueMap;
const has = (map: ValueMap, key: string) => Object.prototype.hasOwnProperty.call(map, key);
const sortedKeys = (map: ValueMap) => Object.keys(map).sort();

/** The value, or anything inside it, is not fully known. */
function uncertain(value: Value, depth = 0): boolean {
  if (depth > MAX_VALUE_DEPTH) throw LIMIT;
  if (value instanceof Unknown) return true;
  if (typeof value === "string") return isSymbolic(value);
  if (Array.isArray(value)) return value.some((item) => uncertain(item, depth + 1));
  if (isMap(value)) return Object.values(value).some((item) => uncertain(item, depth + 1));
  return false;
}

function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i]));
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => has(b, key) && equal(a[key], b[key]));
  }
  return false;
}

/** Whole-interpolation strings (`"${var.x}"`) that locals evaluated to, by their expression source. */
const interpolationSources = new Map<string, string | null>();

function wholeInterpolationSource(text: string): string | undefined {
  if (!text.startsWith("${") || !text.endsWith("}")) return undefined;
  let source = interpolationSources.get(text);
  if (source === undefined) {
    try {
      const template = parseTemplate(text);
      const expression = template.parts[0];
      source = template.wrap ? text.slice(expression.start, expression.end) : null;
    } catch {
      source = null;
    }
    if (interpolationSources.size > 10_000) interpolationSources.clear();
    interpolationSources.set(text, source);
  }
  return source ?? undefined;
}

/**
 * A local's value as the caller evaluated it. A string that is exactly one `${...}` is the caller's
 * way of saying "unknown": it becomes an Unknown, so `concat(local.list, ...)` gives up instead of
 * treating it as a string, and the result still names the original expression (`${var.actions}`).
 */
function fromTerraform(value: TerraformValue, depth: number): Value {
  if (depth > MAX_VALUE_DEPTH) throw LIMIT;
  if (typeof value === "string") {
    const source = wholeInterpolationSource(value);
    return source === undefined ? value : new Unknown(source);
  }
  if (Array.isArray(value)) return value.map((item) => fromTerraform(item, depth + 1));
  if (value !== null && typeof value === "object") {
    const map = newMap();
    for (const key of Object.keys(value)) map[key] = fromTerraform(value[key], depth + 1);
    return map;
  }
  return value;
}

function fromJson(value: unknown, depth: number): Value {
  if (depth > MAX_VALUE_DEPTH) throw LIMIT;
  if (Array.isArray(value)) return value.map((item) => fromJson(item, depth + 1));
  if (value !== null && typeof value === "object") {
    const map = newMap();
    for (const key of Object.keys(value)) {
      if (isSymbolic(key)) return unknowable(); // an unknown key could be any field ("Action")
      map[key] = fromJson((value as Record<string, unknown>)[key], depth + 1);
    }
    return map;
  }
  return value as Value;
}

function toTerraform(value: Value, depth: number): TerraformValue {
  if (depth > MAX_VALUE_DEPTH) throw LIMIT;
  if (value instanceof Unknown) return symbol(value.source);
  if (Array.isArray(value)) return value.map((item) => toTerraform(item, depth + 1));
  if (isMap(value)) {
    const object: { [key: string]: TerraformValue } = {};
    for (const key of Object.keys(value)) {
      // defineProperty, so a key named __proto__ stays a key (as JSON.parse keeps it).
      Object.defineProperty(object, key, { value: toTerraform(value[key], depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return object;
  }
  return value;
}

/** Terraform prints numbers in full (`1000000000000000000000`, not `1e+21`). */
function formatNumber(value: number): string {
  if (Object.is(value, -0)) return "0";
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, fraction = "", exponentText] = match;
  const digits = lead + fraction;
  const exponent = Number(exponentText);
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  if (exponent >= fraction.length) return sign + digits + "0".repeat(exponent - fraction.length);
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** Terraform's conversion of a value to a string inside a template, join() or format("%s"). */
function renderString(value: Value): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Unknown) return symbol(value.source);
  if (value === null) return fail("a null value cannot be used in a string");
  return fail("a list or object cannot be used in a string");
}

/** Like Go's encoding/json, which Terraform's jsonencode uses: escapes <, >, & and the line separators. */
function jsonString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Terraform's jsonencode: object keys sorted; an unknown part becomes the string `${source}`. */
function encodeJson(value: Value, depth: number): string {
  if (depth > MAX_VALUE_DEPTH) throw LIMIT;
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return jsonString(value);
  if (value instanceof Unknown) return jsonString(symbol(value.source));
  if (Array.isArray(value)) return `[${value.map((item) => encodeJson(item, depth + 1)).join(",")}]`;
  return `{${sortedKeys(value)
    .map((key) => `${jsonString(key)}:${encodeJson(value[key], depth + 1)}`)
    .join(",")}}`;
}

// --- argument conversions: an Unknown (or, where the characters matter, a symbolic string) is unknowable ---

function knownString(value: Value): string {
  if (value instanceof Unknown) return unknowable();
  if (typeof value === "string") return isSymbolic(value) ? unknowable() : value;
  if (typeof value === "number" || typeof value === "boolean") return renderString(value);
  return fail("a string is required");
}

/**
 * An object key: a key that is not known stays symbolic in the key itself
 * (`"${aws_iam_openid_connect_provider.ci.url}:sub"`), so that the object around it (a policy
 * Condition) is still an object rather than wholly unknown.
 */
function objectKey(value: Value): string {
  if (value instanceof Unknown) return symbol(value.source);
  if (typeof value === "string") return value;
  return knownString(value);
}

/** A string that is only copied or concatenated, so a symbolic string is fine. */
function copiedString(value: Value): string {
  if (value instanceof Unknown) return unknowable();
  if (value === null || typeof value === "object") return fail("a string is required");
  return renderString(value);
}

function knownNumber(value: Value): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && !isSymbolic(value)) {
    if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(value)) fail(`${JSON.stringify(value)} is not a number`);
    return Number(value);
  }
  if (value instanceof Unknown || typeof value === "string") return unknowable();
  return fail("a number is required");
}

function knownBool(value: Value): boolean {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  if (value instanceof Unknown || (typeof value === "string" && isSymbolic(value))) return unknowable();
  return fail("a bool is required");
}

function knownList(value: Value): Value[] {
  if (Array.isArray(value)) return value;
  if (value instanceof Unknown) return unknowable();
  return fail("a list is required");
}

function knownMap(value: Value): ValueMap {
  if (isMap(value)) return value;
  if (value instanceof Unknown) return unknowable();
  return fail("a map or object is required");
}

function checkSize<T extends string | Value[]>(value: T): T {
  if (value.length > (typeof value === "string" ? MAX_STRING : MAX_ITEMS)) throw LIMIT;
  return value;
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

interface Context {
  /** The text the nodes' spans point into (the string value, or a templatefile's file). */
  readonly text: string;
  readonly scope: HclScope;
  /** for-expression and templatefile variables. */
  readonly vars: ReadonlyMap<string, Value> | undefined;
  /** Inside templatefile: only its variables exist. */
  readonly varsOnly: boolean;
  /** The current element inside a splat's `each`. */
  readonly anon: { readonly value: Value } | undefined;
  readonly run: Run;
  readonly fileDepth: number;
}

interface Run {
  steps: number;
  readonly locals: Map<string, Value | undefined>;
  /**
   * With variants on, a `%{if}` whose condition is unknown takes the branch `picks` says (in the
   * order such directives are met; false when there is no pick) instead of making the string
   * unknown; `unknownChoices` counts them so that the caller can enumerate every combination.
   */
  readonly variants?: { readonly picks: readonly boolean[]; unknownChoices: number };
}

const sourceOf = (node: Span, context: Context) => context.text.slice(node.start, node.end);

function evaluate(node: Expression, context: Context): Value {
  if (++context.run.steps > MAX_STEPS) throw LIMIT;
  try {
    return evaluateNode(node, context);
  } catch (error) {
    if (error === UNKNOWABLE) return new Unknown(sourceOf(node, context));
    throw error;
  }
}

function evaluateNode(node: Expression, context: Context): Value {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "parens":
      return evaluate(node.expression, context);
    case "template":
      return node.wrap ? evaluate(node.parts[0] as Expression, context) : render(node.parts, context, false);
    case "traversal":
      return traversal(node.root, node.steps, node, context);
    case "relative": {
      const base = evaluate(node.source, context);
      // An unknown source keeps this node's own text rather than a rewritten one.
      if (base instanceof Unknown && base.source === sourceOf(node.source, context)) return unknowable();
      return applySteps(base, node.steps, node, context);
    }
    case "index": {
      const collection = evaluate(node.collection, context);
      const key = evaluate(node.key, context);
      if (collection instanceof Unknown || key instanceof Unknown || (typeof key === "string" && isSymbolic(key))) return unknowable();
      if (key === null || typeof key === "object") return fail("an index must be a string or a number");
      return index(collection, key);
    }
    case "splat": {
      const source = evaluate(node.source, context);
      if (source instanceof Unknown) return unknowable();
      // A splat of null is empty, of a single value is that value's one-element list.
      const items = source === null ? [] : Array.isArray(source) ? source : [source];
      return items.map((item) => evaluate(node.each, { ...context, anon: { value: item } }));
    }
    case "anon":
      return context.anon ? context.anon.value : fail("splat placeholder outside a splat");
    case "tuple":
      return node.items.map((item) => evaluate(item, context));
    case "object": {
      const map = newMap();
      for (const item of node.items) {
        const key = objectKeyName(item) ?? objectKey(nonNull(evaluate(item.key, context), "an object key"));
        if (has(map, key)) fail(`duplicate object key ${JSON.stringify(key)}`);
        map[key] = evaluate(item.value, context);
      }
      return map;
    }
    case "for":
      return forExpression(node, context);
    case "unary": {
      const operand = evaluate(node.operand, context);
      return node.op === "!" ? !knownBool(operand) : arithmetic(-knownNumber(operand));
    }
    case "binary":
      return binary(node.op, node.left, node.right, context);
    case "conditional":
      // An unknown condition makes the whole conditional unknown (never guess a branch), unless
      // every rendering is being enumerated: then it takes the branch this rendering picks.
      return evaluate(choice(evaluate(node.condition, context), context) ? node.trueResult : node.falseResult, context);
    case "call":
      return call(node, context);
  }
}

function nonNull(value: Value, what: string): Value {
  return value === null ? fail(`${what} cannot be null`) : value;
}

function arithmetic(value: number): number {
  return Number.isFinite(value) ? value : fail("arithmetic overflow");
}

/** Renders template parts to a string. `catchParts` (top level only): an interpolation that fails stays as `${source}`. */
function render(parts: readonly TemplatePart[], context: Context, catchParts: boolean): string {
  let out = "";
  for (const part of parts) {
    if (part.kind === "ifDirective") {
      const branch = directiveCondition(part.condition, context) ? part.then : part.else;
      out += render(branch.parts, context, catchParts);
    } else if (part.kind === "forDirective") {
      for (const [key, value] of entries(evaluate(part.collection, context))) {
        out += render(part.body.parts, bind(context, part.keyVar, key, part.valueVar, value), catchParts);
        checkSize(out);
      }
    } else if (part.kind === "literal" && typeof part.value === "string") {
      out += part.value;
    } else if (catchParts) {
      try {
        out += renderString(evaluate(part, context));
      } catch (error) {
        if (!(error instanceof EvalFailure)) throw error;
        out += symbol(sourceOf(part, context));
      }
    } else {
      out += renderString(evaluate(part, context));
    }
    checkSize(out);
  }
  return out;
}

/** A `%{if}` condition: known, or (with variants on) the next pick for an unknown one. */
function directiveCondition(condition: Expression, context: Context): boolean {
  return choice(evaluate(condition, context), context);
}

/** A condition's value: known, or (with variants on) the next pick for an unknown one. */
function choice(value: Value, context: Context): boolean {
  const variants = context.run.variants;
  if (variants && (value instanceof Unknown || (typeof value === "string" && isSymbolic(value)))) return variants.picks[variants.unknownChoices++] ?? false;
  return knownBool(nonNull(value, "a condition"));
}

/** The iterations of a for expression or directive: a list by index, an object by sorted key (as Terraform). */
function entries(collection: Value): [Value, Value][] {
  if (Array.isArray(collection)) return collection.map((value, i) => [i, value]);
  if (isMap(collection)) return sortedKeys(collection).map((key) => [key, collection[key]]);
  if (collection instanceof Unknown || (typeof collection === "string" && isSymbolic(collection))) return unknowable();
  return fail("a for expression needs a list, set or map");
}

function bind(context: Context, keyVar: string | undefined, key: Value, valueVar: string, value: Value): Context {
  const vars = new Map(context.vars ?? []);
  if (keyVar !== undefined) vars.set(keyVar, key);
  vars.set(valueVar, value);
  return { ...context, vars };
}

function forExpression(node: ForExpr, context: Context): Value {
  const list: Value[] = [];
  const map = newMap();
  for (const [key, value] of entries(evaluate(node.collection, context))) {
    const inner = bind(context, node.keyVar, key, node.valueVar, value);
    if (node.condition && !knownBool(nonNull(evaluate(node.condition, inner), "a for condition"))) continue;
    const result = evaluate(node.valueExpr, inner);
    if (!node.keyExpr) {
      list.push(result);
      checkSize(list);
      continue;
    }
    const name = knownString(nonNull(evaluate(node.keyExpr, inner), "a for key"));
    if (node.group) {
      const group = has(map, name) ? (map[name] as Value[]) : (map[name] = []);
      group.push(result);
    } else {
      if (has(map, name)) fail(`duplicate key ${JSON.stringify(name)} in a for expression (use ... to group)`);
      map[name] = result;
    }
  }
  return node.keyExpr ? map : list;
}

/** References: locals and path.module are known; var, resources, data, module, each, count, self, terraform stay symbolic. */
function traversal(root: string, steps: readonly Step[], node: Expression, context: Context): Value {
  if (context.vars?.has(root)) return applySteps(context.vars.get(root) as Value, steps, node, context);
  if (context.varsOnly) return fail(`${root} is not a template variable`);
  const first = steps[0];
  const name = first === undefined ? undefined : first.kind === "attr" ? first.name : typeof first.key === "string" ? first.key : undefined;
  if (root === "local" && name !== undefined) {
    const value = local(name, context);
    return value === undefined ? unknowable() : applySteps(value, steps.slice(1), node, context);
  }
  if (root === "path" && (name === "module" || name === "root") && context.scope.pathModule !== undefined) {
    return applySteps(context.scope.pathModule, steps.slice(1), node, context);
  }
  return unknowable();
}

function local(name: string, context: Context): Value | undefined {
  const cache = context.run.locals;
  if (!cache.has(name)) {
    const known = context.scope.local?.(name);
    let value = known === undefined ? undefined : fromTerraform(known, 0);
    // A local that is not fully known may hold a choice: while renderings are enumerated, it is
    // read again inside this one (once: the cache makes every use of it take the same branch).
    const source = value !== undefined && context.run.variants && uncertain(value) ? context.scope.localSource?.(name) : undefined;
    if (source !== undefined) {
      cache.set(name, undefined); // a local that reads itself is unknown, not a loop
      value = localInRun(source, context, 0);
    }
    cache.set(name, value);
  }
  return cache.get(name);
}

/** A local as written, evaluated inside the current run, as evaluateTemplateString would evaluate each of its strings. */
function localInRun(value: TerraformValue, context: Context, depth: number): Value {
  if (depth > MAX_VALUE_DEPTH) throw LIMIT;
  if (typeof value === "string") {
    if (!isSymbolic(value)) return value;
    let template: TemplateExpr;
    try {
      template = parseTemplate(value);
    } catch {
      return fromTerraform(value, 0);
    }
    const inner: Context = { ...context, text: value, vars: undefined, varsOnly: false, anon: undefined };
    try {
      return template.wrap ? evaluate(template.parts[0] as Expression, inner) : render(template.parts, inner, true);
    } catch (error) {
      if (error instanceof EvalFailure) return fromTerraform(value, 0); // as written, like evaluateTemplateString
      throw error;
    }
  }
  if (Array.isArray(value)) return value.map((item) => localInRun(item, context, depth + 1));
  if (value !== null && typeof value === "object") {
    const map = newMap();
    for (const [key, item] of Object.entries(value)) map[key] = localInRun(item, context, depth + 1);
    return map;
  }
  return value;
}

/**
 * Applies literal steps. Stepping into an Unknown that came from elsewhere (a local that was
 * `${var.cfg}`, a for variable) names it by its own source: `local.cfg.arn` becomes `${var.cfg.arn}`.
 */
function applySteps(value: Value, steps: readonly Step[], node: Span, context: Context): Value {
  let current = value;
  for (let i = 0; i < steps.length; i++) {
    if (current instanceof Unknown) {
      const base = /^[\p{L}_][\p{L}\p{N}_-]*(\.[\p{L}\p{N}_*-]+|\[[^[\]]*\])*$/u.test(current.source) ? current.source : `(${current.source})`;
      return new Unknown(base + context.text.slice(steps[i].start, node.end));
    }
    const step = steps[i];
    if (step.kind === "attr") {
      if (!isMap(current)) return fail(`cannot read attribute ${step.name} of a non-object`);
      current = has(current, step.name) ? current[step.name] : fail(`object has no attribute ${JSON.stringify(step.name)}`);
    } else {
      current = step.key === null ? fail("an index cannot be null") : index(current, step.key);
    }
  }
  return current;
}

function index(collection: Value, key: string | number | boolean): Value {
  if (Array.isArray(collection)) {
    const position = knownNumber(key);
    if (!Number.isInteger(position) || position < 0 || position >= collection.length) return fail(`index ${key} out of range`);
    return collection[position];
  }
  if (isMap(collection)) {
    const name = typeof key === "string" ? key : renderString(key);
    return has(collection, name) ? collection[name] : fail(`no element ${JSON.stringify(name)}`);
  }
  return fail("only lists and maps can be indexed");
}

function binary(op: string, leftNode: Expression, rightNode: Expression, context: Context): Value {
  const left = evaluate(leftNode, context);
  const right = evaluate(rightNode, context);
  switch (op) {
    case "&&":
    case "||": {
      // One known side can decide: false && x is false, true || x is true, whatever x is.
      const decisive = op === "||";
      const l = knownOrUnknown(() => knownBool(left));
      const r = knownOrUnknown(() => knownBool(right));
      if (l === decisive || r === decisive) return decisive;
      if (l === undefined || r === undefined) return unknowable();
      return !decisive;
    }
    case "==":
    case "!=":
      if (uncertain(left) || uncertain(right)) return unknowable();
      return equal(left, right) === (op === "==");
  }
  const a = knownNumber(left);
  const b = knownNumber(right);
  switch (op) {
    case "+":
      return arithmetic(a + b);
    case "-":
      return arithmetic(a - b);
    case "*":
      return arithmetic(a * b);
    case "/":
      return b === 0 ? fail("division by zero") : arithmetic(a / b);
    case "%":
      return b === 0 ? fail("modulo by zero") : arithmetic(a % b);
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    default:
      return a <= b;
  }
}

function knownOrUnknown<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error === UNKNOWABLE) return undefined;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------

type Builtin = (args: Value[], context: Context) => Value;

function call(node: CallExpr, context: Context): Value {
  // try() looks at its arguments one by one, catching the errors; can() stays symbolic (as documented).
  if (node.name === "try") return tryFunction(node.args, context);
  const builtin = Object.prototype.hasOwnProperty.call(BUILTINS, node.name) ? BUILTINS[node.name] : undefined;
  if (!builtin) return unknowable(); // provider functions, can(), and whatever is not modelled
  let args = node.args.map((arg) => evaluate(arg, context));
  if (node.expandFinal) {
    if (args.length === 0) return fail("nothing to expand");
    args = [...args.slice(0, -1), ...knownList(args[args.length - 1])];
  }
  return builtin(args, context);
}

function tryFunction(argNodes: readonly Expression[], context: Context): Value {
  for (const arg of argNodes) {
    let value: Value;
    try {
      value = evaluate(arg, context);
    } catch (error) {
      if (error instanceof EvalFailure) continue;
      throw error;
    }
    // Terraform's try() cannot tell whether a not-yet-known value would fail later.
    if (uncertain(value)) return unknowable();
    return value;
  }
  return fail("no argument of try() could be evaluated");
}

function arity(args: Value[], min: number, max = min): Value[] {
  if (args.length < min || args.length > max) fail(`expected ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`);
  return args;
}

/** A stable key for deduplicating values (sets, distinct). */
const valueKey = (value: Value) => encodeJson(value, 0);

function toSet(list: Value[]): Value[] {
  if (list.some((item) => uncertain(item))) return unknowable(); // which elements are equal is unknown
  if (list.some((item) => item === null)) return fail("a set cannot contain null");
  const primitives = list.every((item) => typeof item !== "object");
  // Terraform unifies a set's elements to one type (mixed primitives become strings) and orders strings lexically, numbers numerically.
  const items = primitives && !list.every((item) => typeof item === "number") ? list.map((item) => renderString(item)) : list;
  const seen = new Set<string>();
  const unique = items.filter((item) => {
    const key = valueKey(item);
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (unique.every((item) => typeof item === "number")) return (unique as number[]).sort((a, b) => a - b);
  if (unique.every((item) => typeof item === "string")) return (unique as string[]).sort();
  return unique;
}

function formatFunction(spec: string, args: Value[]): string {
  let out = "";
  let next = 0;
  const arg = () => (next < args.length ? args[next++] : fail("format: too few arguments"));
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (c !== "%") {
      out += c;
      continue;
    }
    const verb = spec[++i];
    switch (verb) {
      case "%":
        out += "%";
        break;
      case "s":
        out += renderString(nonNull(arg(), "a %s argument"));
        break;
      case "v": {
        const value = arg();
        if (value === null) out += "null";
        else if (typeof value === "object" && !(value instanceof Unknown)) out += uncertain(value) ? unknowable() : encodeJson(value, 0);
        else out += renderString(value);
        break;
      }
      case "d": {
        const value = knownNumber(nonNull(arg(), "a %d argument"));
        if (!Number.isInteger(value)) fail("format: %d needs a whole number");
        out += formatNumber(value);
        break;
      }
      case "t":
        out += knownBool(nonNull(arg(), "a %t argument")) ? "true" : "false";
        break;
      case "q":
        out += jsonString(renderString(nonNull(arg(), "a %q argument")));
        break;
      default:
        return unknowable(); // widths, precisions and other verbs are not modelled
    }
    checkSize(out);
  }
  if (next < args.length) fail("format: too many arguments");
  return out;
}

function flatten(list: Value[], out: Value[], depth: number): Value[] {
  if (depth > MAX_VALUE_DEPTH) throw LIMIT;
  for (const item of list) {
    if (item instanceof Unknown) return unknowable(); // it might be a list to flatten
    if (Array.isArray(item)) flatten(item, out, depth + 1);
    else out.push(item);
  }
  return checkSize(out);
}

let segmenter: Intl.Segmenter | undefined;
function graphemes(text: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

function templateFile(args: Value[], context: Context): Value {
  const [pathValue, varsValue] = arity(args, 2);
  const path = knownString(pathValue);
  const vars = knownMap(varsValue);
  if (context.fileDepth >= MAX_FILE_DEPTH) return unknowable();
  const content = context.scope.readFile?.(path);
  if (content === undefined) return unknowable();
  let template: TemplateExpr;
  try {
    template = parseTemplate(content);
  } catch {
    return fail(`${path} is not a valid template`);
  }
  const inner: Context = { ...context, text: content, vars: new Map(Object.entries(vars)), varsOnly: true, anon: undefined, fileDepth: context.fileDepth + 1 };
  const value = template.wrap ? evaluate(template.parts[0] as Expression, inner) : render(template.parts, inner, false);
  // An unknown written in the file's terms (`${bucket}`) means nothing outside it: keep the call instead.
  return value instanceof Unknown ? unknowable() : value;
}

const BUILTINS: Record<string, Builtin> = {
  jsonencode(args) {
    const [value] = arity(args, 1);
    if (value instanceof Unknown) return unknowable();
    return checkSize(encodeJson(value, 0));
  },
  jsondecode(args) {
    // A symbolic part can only sit inside a JSON string (a bare `${` is not JSON and fails to parse), where it
    // stays symbolic in the result: the same reading the review gives a policy's JSON text with interpolations.
    // That keeps jsondecode(file(...)) with IAM policy variables (`${aws:username}`) and jsondecode(templatefile(...)) readable.
    const text = copiedString(arity(args, 1)[0]);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail("jsondecode: invalid JSON");
    }
    return fromJson(parsed, 0);
  },
  concat(args) {
    return checkSize(args.flatMap((arg) => knownList(arg)));
  },
  flatten(args) {
    return flatten(knownList(arity(args, 1)[0]), [], 0);
  },
  merge(args) {
    const map = newMap();
    for (const arg of args) {
      if (arg === null) continue;
      const source = knownMap(arg);
      for (const key of Object.keys(source)) map[key] = source[key];
    }
    return map;
  },
  distinct(args) {
    const list = knownList(arity(args, 1)[0]);
    if (list.some((item) => uncertain(item))) return unknowable();
    const seen = new Set<string>();
    return list.filter((item) => {
      const key = valueKey(item);
      return seen.has(key) ? false : (seen.add(key), true);
    });
  },
  compact(args) {
    const list = knownList(arity(args, 1)[0]);
    return list.filter((item) => item !== null && knownString(item) !== "");
  },
  tolist(args) {
    const [value] = arity(args, 1);
    return value === null ? null : knownList(value);
  },
  toset(args) {
    const [value] = arity(args, 1);
    return value === null ? null : toSet(knownList(value));
  },
  tomap(args) {
    const [value] = arity(args, 1);
    return value === null ? null : knownMap(value);
  },
  tostring(args) {
    const [value] = arity(args, 1);
    return value === null ? null : copiedString(value);
  },
  tonumber(args) {
    const [value] = arity(args, 1);
    return value === null ? null : knownNumber(value);
  },
  tobool(args) {
    const [value] = arity(args, 1);
    return value === null ? null : knownBool(value);
  },
  join(args) {
    if (args.length < 2) fail("join: expected a separator and at least one list");
    const separator = copiedString(args[0]);
    const items = args.slice(1).flatMap((arg) => knownList(arg));
    return checkSize(items.map((item) => renderString(item)).join(separator));
  },
  split(args) {
    const [separator, text] = arity(args, 2).map(knownString);
    return checkSize(text.split(separator));
  },
  format(args) {
    if (args.length < 1) fail("format: expected a format string");
    return formatFunction(knownString(args[0]), args.slice(1));
  },
  lower: (args) => knownString(arity(args, 1)[0]).toLowerCase(),
  upper: (args) => knownString(arity(args, 1)[0]).toUpperCase(),
  trimspace: (args) => trimSpace(knownString(arity(args, 1)[0])),
  replace(args) {
    const [textValue, searchValue, replacementValue] = arity(args, 3);
    const search = knownString(searchValue);
    if (search.length >= 2 && search.startsWith("/") && search.endsWith("/")) return unknowable(); // the regular-expression form
    return checkSize(knownString(textValue).split(search).join(copiedString(replacementValue)));
  },
  coalesce(args) {
    for (const arg of args) {
      if (arg === null) continue;
      if (typeof arg === "string" && !isSymbolic(arg) && arg === "") continue;
      if (arg instanceof Unknown || (typeof arg === "string" && isSymbolic(arg))) return unknowable(); // it might be null or empty
      return arg;
    }
    return fail("coalesce: no non-null, non-empty argument");
  },
  coalescelist(args) {
    for (const arg of args) {
      if (arg === null) continue;
      const list = knownList(arg);
      if (list.length > 0) return list;
    }
    return fail("coalescelist: no non-empty list");
  },
  lookup(args) {
    arity(args, 2, 3);
    const map = knownMap(args[0]);
    const key = knownString(nonNull(args[1], "a lookup key"));
    if (has(map, key)) return map[key];
    return args.length === 3 ? args[2] : fail(`lookup: no key ${JSON.stringify(key)}`);
  },
  element(args) {
    const [listValue, indexValue] = arity(args, 2);
    const list = knownList(listValue);
    const position = knownNumber(nonNull(indexValue, "an index"));
    if (list.length === 0) fail("element: empty list");
    if (!Number.isInteger(position) || position < 0) fail("element: index must be a non-negative whole number");
    return list[position % list.length];
  },
  length(args) {
    const [value] = arity(args, 1);
    if (Array.isArray(value)) return value.length;
    if (isMap(value)) return Object.keys(value).length;
    return graphemes(knownString(nonNull(value, "length's argument")));
  },
  keys: (args) => sortedKeys(knownMap(arity(args, 1)[0])),
  values(args) {
    const map = knownMap(arity(args, 1)[0]);
    return sortedKeys(map).map((key) => map[key]);
  },
  contains(args) {
    const [listValue, value] = arity(args, 2);
    const list = knownList(listValue);
    if (uncertain(value)) return unknowable();
    if (list.some((item) => !uncertain(item) && equal(item, value))) return true;
    return list.some((item) => uncertain(item)) ? unknowable() : false;
  },
  file(args, context) {
    const path = knownString(arity(args, 1)[0]);
    if (context.fileDepth >= MAX_FILE_DEPTH) return unknowable();
    const content = context.scope.readFile?.(path);
    return content === undefined ? unknowable() : checkSize(content);
  },
  templatefile: templateFile,
};
