/**
 * The configuration's fields, declared once. Each section of the file is either passed to a
 * construct's props as it is (`function` is ChatFunction's options, `api` ChatApi's, …) or read
 * by hand (the network choice, the model list, …). From this one declaration come:
 * - the keys each section accepts (anything else is "unknown field … (a typo?)");
 * - how each pass-through section is read: switches must be true or false here; every other value
 *   goes to the construct's own check (`problems`), run with the config path, which names what is
 *   allowed whatever the JSON type (a test gives every field a value of the wrong type and expects
 *   a problem naming it);
 * - the configuration table in docs/configuration.md (scripts/config-reference.ts): a
 *   pass-through field's type, default and meaning are its prop's JSDoc, a hand-read field's are
 *   written here.
 * A test fails when the table is stale, and TypeScript fails when a construct option listed for the
 * configuration (CHAT_FUNCTION_OPTIONS, …) has no JSON type here.
 */
import type { Problem } from "../modules/core/validate";
import type { Checker, Json } from "./checker";

/** A pass-through value's JSON type, for the table's Type column and to keep it in step with the prop's TypeScript type. */
export type JsonKind = "string" | "integer" | "boolean" | "strings";

/** The JSON type a prop of type T is read as; nested option objects are sections of their own. */
export type KindOf<T> = T extends string
  ? "string"
  : T extends number
    ? "integer"
    : T extends boolean
      ? "boolean"
      : T extends readonly string[]
        ? "strings"
        : T extends object
          ? PropsSection<any> // a nested section's keys are checked where it is declared
          : never;

/** The fields of a section passed to props P: one JSON kind for each option listed. */
export type PropFields<P> = { readonly [K in keyof P]-?: KindOf<NonNullable<P[K]>> };

/** A section whose fields are props of a construct (`docs` names the interface whose JSDoc documents them). */
export interface PropsSection<P = unknown> {
  readonly kind: "props";
  /** The exported options type whose JSDoc documents the fields (`ChatFunctionProps`, `CorsOptions`). */
  readonly docs: string;
  /** Each option's JSON kind; propsSection() has TypeScript check them against P. */
  readonly fields: Readonly<Record<string, JsonKind | PropsSection<any>>>;
  /** Hand-read fields beside the pass-through ones (`admin.existingRoleArn`). */
  readonly extra?: Readonly<Record<string, Field>>;
  /** Facts the props' JSDoc leaves to another source (the chat limits' defaults and ranges are contract/chat-limits.ts's). */
  readonly facts?: Readonly<Record<string, { readonly default: string; readonly range: string }>>;
  /** The construct's own check of these options; a nested section is judged by its parent's. */
  // Method syntax: a section over any options is a Field (parameters compare bivariantly).
  problems?(options: P, at: string, context: SectionContext): Problem[];
}

/** What a section's check may need beyond its own fields. */
export interface SectionContext {
  /** The configuration's region, when it is a string: ARNs that must share it are checked against it. */
  readonly region?: string;
}

/** A field read by hand-written code: its row of the configuration table is written here. */
export interface HandField {
  readonly kind: "hand";
  readonly type: string;
  /** `required`, a value (`false`), or what happens without it (`a new group`). */
  readonly default: string;
  readonly meaning: string;
  /** The fields of an object read by hand (`network`), each with its own row. */
  readonly fields?: Readonly<Record<string, Field>>;
}

export type Field = PropsSection | HandField;

/**
 * A pass-through section over options P: every option of P needs its JSON kind (TypeScript says
 * which is missing), so a new construct option is configurable, documented and checked at once.
 */
export function propsSection<P>(
  docs: string,
  fields: PropFields<P>,
  more: Pick<PropsSection<P>, "extra" | "facts" | "problems"> = {},
): PropsSection<P> {
  return { kind: "props", docs, fields, ...more };
}

export function hand(type: string, defaultText: string, meaning: string, fields?: Readonly<Record<string, Field>>): HandField {
  return { kind: "hand", type, default: defaultText, meaning, fields };
}

/** Every key a section accepts: its pass-through fields and its hand-read ones. */
export function keysOf(field: Field): string[] {
  if (field.kind === "hand") return Object.keys(field.fields ?? {});
  return [...Object.keys(field.fields), ...Object.keys(field.extra ?? {})];
}

/** Reads the pass-through section `key` of `parent` when it is there (see readOptions); undefined when absent. */
export function readSection<P>(check: Checker, parent: Json, key: string, spec: PropsSection<P>, context: SectionContext = {}): P | undefined {
  const section = check.object(parent, key, key, keysOf(spec), false);
  return section && readOptions(check, section, key, spec, context);
}

/**
 * Reads a pass-through section (an object whose keys were checked) at `path` into options:
 * switches must be true or false, nested sections are read alike, and the section's own check
 * (`problems`) judges the rest with the same path. Hand-read `extra` fields are left to the caller.
 */
export function readOptions<P>(check: Checker, section: Json, path: string, spec: PropsSection<P>, context: SectionContext = {}): P {
  const options = readFields(check, section, path, spec) as P;
  if (spec.problems) check.add(spec.problems(options, path, context));
  return options;
}

function readFields(check: Checker, section: Json, path: string, spec: PropsSection<unknown>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(spec.fields)) {
    const at = `${path}.${key}`;
    if (section[key] === undefined) continue;
    if (typeof kind !== "string") {
      const nested = check.object(section, key, at, keysOf(kind), false);
      if (nested) options[key] = readFields(check, nested, at, kind);
    } else if (kind === "boolean") {
      const value = check.boolean(section, key, at);
      if (value !== undefined) options[key] = value;
    } else {
      options[key] = section[key];
    }
  }
  return options;
}
