import { createHash } from "node:crypto";
import { Fn, Lazy, TerraformResource, TerraformStack, ref } from "cdktf";
import type { IConstruct } from "constructs";
import { DEPLOYED_API_RESOURCE_TYPES } from "../../policies/deployability/redeployment";
import { terraformAddress } from "../core/terraform-address";

/**
 * A deployment's `triggers`: `redeployment`, the SHA-1 of the id of every deployed resource under
 * `scope` (a replaced resource redeploys), and `configuration`, the SHA-256 of their configuration
 * as synthesized (an in-place change redeploys). Nothing else: not their state, which AWS may
 * normalize on read and so redeploy on every apply. Found at synth time, so a resource added under
 * `scope` after the deployment is covered too; the id references also order the deployment after
 * every one of them.
 */
export function redeploymentTriggers(scope: IConstruct): { redeployment: string; configuration: string } {
  const stack = TerraformStack.of(scope);
  // The whole expression is produced at synth time, not a lazy list inside Fn.jsonencode: cdktf 0.21
  // writes a produced list of references without its brackets, and CDK Terrain writes it as quoted
  // strings, which reference nothing (the deployment would neither follow the resources nor
  // redeploy with them). A produced expression is written alike by both.
  const redeployment = Lazy.stringValue({
    produce: () => Fn.sha1(Fn.jsonencode(deployedResources(scope).map((resource) => ref(`${terraformAddress(resource)}.id`, stack)))),
  });
  const configuration = Lazy.stringValue({
    produce: (context) => {
      // cdktf's "//" metadata (construct paths, review markers) is no configuration of the API.
      const synthesized = context.resolve(deployedResources(scope).map((resource) => withoutMetadata(resource.toTerraform())));
      return createHash("sha256").update(JSON.stringify(synthesized)).digest("hex");
    },
  });
  return { redeployment, configuration };
}

/** The deployed resources under `scope`, in construct-tree order (stable across synths). */
export function deployedResources(scope: IConstruct): TerraformResource[] {
  return scope.node
    .findAll()
    .filter(
      (node): node is TerraformResource => TerraformResource.isTerraformResource(node) && DEPLOYED_API_RESOURCE_TYPES.includes(node.terraformResourceType),
    );
}

/** `{ resource: { <type>: { <name>: body } } }` with each body's "//" key left out. */
function withoutMetadata(synthesized: Record<string, unknown>): unknown {
  return mapValues(synthesized, (byType) => mapValues(byType, (byName) => mapValues(byName, (body) => (isObject(body) ? omitComments(body) : body))));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function mapValues(value: unknown, map: (entry: unknown) => unknown): unknown {
  return isObject(value) ? Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, map(entry)])) : value;
}

function omitComments(body: Record<string, unknown>): Record<string, unknown> {
  const { "//": _comments, ...configuration } = body;
  return configuration;
}
