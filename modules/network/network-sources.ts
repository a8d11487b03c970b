/**
 * Who may open connections to an interface endpoint that is not the chat function's: the
 * `bedrock` control-plane endpoint is for the administrators' tools inside the VPC (a bastion,
 * SSM-managed hosts, CI runners), named here as security groups, IPv4 ranges or prefix lists.
 */
import { Token } from "cdktf";
import { type Cidr, overlaps, parseCidr } from "./cidr";
import { type Problem, fieldPath, listProblems, objectProblems, patternProblems } from "../core/validate";
import { FIX, PREFIX_LIST_ID_PATTERN, SECURITY_GROUP_ID_PATTERN } from "../core/resource-ids";

/** Network sources admitted on HTTPS (443); at least one entry in one of the lists. */
export interface NetworkSources {
  /** Security groups whose members may connect, e.g. the admins' bastion or the CI runners' group (`sg-…`, in the same VPC or a peered one). */
  readonly securityGroupIds?: readonly string[];
  /** IPv4 ranges that may connect, e.g. a VPN's client range. Never `0.0.0.0/0`, never one that holds the chat function's subnets. */
  readonly cidrBlocks?: readonly string[];
  /** Managed prefix lists (`pl-…`) whose ranges may connect. */
  readonly prefixListIds?: readonly string[];
}

const SOURCE_KINDS = ["securityGroupIds", "cidrBlocks", "prefixListIds"] as const;

/** What a set of sources must never admit: the chat function, by its group or by the addresses of its subnets. */
export interface ExcludedSources {
  /** The chat function's security group, when it is a literal (a created one is a token, and new: nothing can name it). */
  readonly securityGroupIds?: readonly string[];
  /** The subnets the chat function runs in, when they are known at synth (a created network's). */
  readonly cidrBlocks?: readonly string[];
}

export const NETWORK_SOURCES_FIX =
  'name who may connect: { "securityGroupIds": ["sg-…"] } (the admins\' bastion, SSM hosts or CI runners in the VPC), "cidrBlocks" (e.g. a VPN\'s range) or "prefixListIds"';

/**
 * Every problem of the sources, at `at`: none named at all; a malformed id or range; a range that
 * admits every address; and anything that would admit the chat function (its own group, a range
 * that overlaps its subnets). Tokens pass.
 */
export function networkSourcesProblems(sources: NetworkSources | undefined, at: string, excluded: ExcludedSources = {}): Problem[] {
  if (sources === undefined) return [{ field: at, value: sources, fix: `is required: ${NETWORK_SOURCES_FIX}` }];
  const shape = objectProblems(at, sources);
  if (shape.length > 0 || Token.isUnresolved(sources)) return shape;
  const problems: Problem[] = Object.keys(sources)
    .filter((key) => !(SOURCE_KINDS as readonly string[]).includes(key))
    .map((key) => ({ field: fieldPath(at, key), value: (sources as Record<string, unknown>)[key], fix: `unknown field; expected one of ${SOURCE_KINDS.join(", ")}` }));
  // Only empty lists, or none, name nobody; anything else is judged below, entry by entry.
  const namesNobody = SOURCE_KINDS.every((kind) => sources[kind] === undefined || (Array.isArray(sources[kind]) && (sources[kind] as unknown[]).length === 0));
  if (namesNobody) return [...problems, { field: at, value: sources, fix: `names no network source: ${NETWORK_SOURCES_FIX}` }];

  const excludedGroups = new Set(excluded.securityGroupIds ?? []);
  const excludedRanges = (excluded.cidrBlocks ?? []).map((text) => parseCidr(text)).filter((cidr): cidr is Cidr => typeof cidr !== "string");
  const rule = (fix: string, entry: (where: string, value: string) => Problem[]) => ({
    count: { min: 0, fix },
    entry: (where: string, value: unknown) => (typeof value === "string" ? entry(where, value) : [{ field: where, value, fix }]),
    duplicates: { fix: "remove the duplicate" },
  });
  if (sources.securityGroupIds !== undefined) {
    problems.push(
      ...listProblems(
        fieldPath(at, "securityGroupIds"),
        sources.securityGroupIds,
        rule(FIX.securityGroupId, (where, id) => {
          const form = patternProblems(where, id, SECURITY_GROUP_ID_PATTERN, FIX.securityGroupId);
          if (form.length > 0 || !excludedGroups.has(id)) return form;
          return [{ field: where, value: id, fix: "is the chat function's security group: the function must never reach the control plane; name the administrators' group instead" }];
        }),
      ),
    );
  }
  if (sources.cidrBlocks !== undefined) {
    problems.push(
      ...listProblems(
        fieldPath(at, "cidrBlocks"),
        sources.cidrBlocks,
        rule('give IPv4 ranges, e.g. ["10.40.8.0/24"]', (where, text) => {
          if (Token.isUnresolved(text)) return [];
          const cidr = parseCidr(text);
          if (typeof cidr === "string") return [{ field: where, value: text, fix: cidr }];
          if (cidr.prefixLength === 0) return [{ field: where, value: text, fix: "admits every address: name the administrators' range (a VPN's, a management subnet's) or their security group" }];
          const subnet = excludedRanges.find((range) => overlaps(range, cidr));
          if (subnet === undefined) return [];
          return [{ field: where, value: text, fix: `overlaps the chat function's subnet ${subnet.text}, so the function could reach the control plane: name a range outside its subnets, or a security group` }];
        }),
      ),
    );
  }
  if (sources.prefixListIds !== undefined) {
    const fix = 'give a managed prefix list id, e.g. "pl-0a1b2c3d4e5f67890"';
    problems.push(...listProblems(fieldPath(at, "prefixListIds"), sources.prefixListIds, rule(fix, (where, id) => patternProblems(where, id, PREFIX_LIST_ID_PATTERN, fix))));
  }
  return problems;
}
