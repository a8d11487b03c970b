/**
 * The tags a deployment puts on every resource (the stacks' `defaultTags`, the config's `tags`),
 * held to AWS's tagging rules at synth: Terraform accepts any map, and AWS refuses it resource by
 * resource at apply, after part of the stack exists.
 */
import { Token } from "cdktf";
import type { Problem } from "./validate";

/**
 * The tag keys the module sets itself: `everyResource` through the provider's default tags,
 * `perResource` on some resources, at most one of them on any one resource. A test holds the
 * synthesized stacks to this list.
 */
export const MODULE_TAG_KEYS = {
  everyResource: ["BedrockChatbot"],
  perResource: ["Name", "BedrockPlane"],
} as const;

/** The module's keys a deployment may not set: it would be overwritten, or would mislabel a plane. */
const RESERVED_BY_MODULE = ["BedrockChatbot", "BedrockPlane"];

/** AWS's per-resource limit on user tags; the module's own count against it. */
export const MAX_TAGS_PER_RESOURCE = 50;
/** The module's tags on its most-tagged resource: every resource's, and one of its own. */
const MODULE_SHARE = MODULE_TAG_KEYS.everyResource.length + 1;
/** The most tags of a deployment's: the limit less the module's share. */
export const MAX_DEPLOYMENT_TAGS = MAX_TAGS_PER_RESOURCE - MODULE_SHARE;

const MAX_KEY_CHARACTERS = 128;
const MAX_VALUE_CHARACTERS = 256;
/** What every service this module tags accepts (IAM's pattern, the strictest): letters, digits, spaces and `_ . : / = + - @`. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * Each key and value (length in characters, the characters IAM accepts, no `aws:` key: AWS's,
 * in any case), the module's own keys, and the count with the module's tags added. Tokens pass.
 */
export function tagsProblems(field: string, tags: Readonly<Record<string, string>> | undefined): Problem[] {
  if (tags === undefined || Token.isUnresolved(tags)) return [];
  const problems: Problem[] = [];
  const entries = Object.entries(tags);
  for (const [key, value] of entries) {
    const at = `${field}[${JSON.stringify(key)}]`;
    problems.push(...keyProblems(at, key));
    if (typeof value === "string" && !Token.isUnresolved(value)) problems.push(...valueProblems(at, value));
  }
  if (entries.length > MAX_DEPLOYMENT_TAGS) {
    const fix =
      `lists ${entries.length} tags; with the module's own (${MODULE_TAG_KEYS.everyResource.join(", ")} on every resource, and ${MODULE_TAG_KEYS.perResource.join(" or ")}) ` +
      `a resource would carry ${entries.length + MODULE_SHARE}, over AWS's ${MAX_TAGS_PER_RESOURCE} per resource: list at most ${MAX_DEPLOYMENT_TAGS}`;
    problems.push({ field, value: entries.length, fix });
  }
  return problems;
}

function keyProblems(at: string, key: string): Problem[] {
  if (Token.isUnresolved(key)) return [];
  const length = [...key].length;
  if (/^aws:/i.test(key)) return [{ field: at, value: key, fix: "a key starting with aws: (in any case) is reserved for AWS, which refuses it; choose another key" }];
  if (RESERVED_BY_MODULE.includes(key)) {
    return [{ field: at, value: key, fix: "is set by the module (BedrockChatbot: the deployment's name on every resource; BedrockPlane: each role's plane); choose another key" }];
  }
  if (length === 0 || length > MAX_KEY_CHARACTERS) return [{ field: at, value: key, fix: `a tag key has 1–${MAX_KEY_CHARACTERS} characters (AWS's limit); it has ${length}` }];
  if (!TAG_CHARACTERS.test(key)) return [{ field: at, value: key, fix: "use letters, digits, spaces and _ . : / = + - @ only (what IAM and the other services accept in a tag)" }];
  return [];
}

function valueProblems(at: string, value: string): Problem[] {
  const length = [...value].length;
  if (length > MAX_VALUE_CHARACTERS) return [{ field: at, value: `${[...value].slice(0, 20).join("")}…`, fix: `a tag value has at most ${MAX_VALUE_CHARACTERS} characters (AWS's limit); it has ${length}` }];
  if (!TAG_CHARACTERS.test(value)) return [{ field: at, value, fix: "use letters, digits, spaces and _ . : / = + - @ only (what IAM and the other services accept in a tag)" }];
  return [];
}
