/**
 * The dependency graph Terraform builds from one configuration: resources, data sources, locals
 * and module calls, joined by the references in their arguments and by `depends_on` and
 * `replace_triggered_by`. Terraform refuses a configuration whose graph has a cycle at
 * `validate` ("Cycle: …"); cdktf never checks, so a cycle synthesizes silently.
 */
import type { TerraformBlock, TerraformConfig, TerraformValue } from "../extract/terraform-json";
import { expressionsIn, referencedAddresses } from "./expressions";

export interface GraphNode {
  /** `aws_iam_role.app`, `data.aws_region.current`, `local.tags`, `module.vpc`. */
  readonly address: string;
  readonly body: TerraformValue;
}

/** Every object of a block that HCL's JSON syntax allows as one object or a list of objects. */
export function objectsOf(value: unknown): Record<string, TerraformValue>[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is Record<string, TerraformValue> => typeof item === "object" && item !== null && !Array.isArray(item));
}

export function graphNodes(config: TerraformConfig): GraphNode[] {
  const nodes: GraphNode[] = [];
  for (const [mode, prefix] of [
    ["resource", ""],
    ["data", "data."],
  ] as const) {
    for (const types of objectsOf(config[mode])) {
      for (const [type, byName] of Object.entries(types)) {
        for (const named of objectsOf(byName)) {
          for (const [name, body] of Object.entries(named)) nodes.push({ address: `${prefix}${type}.${name}`, body });
        }
      }
    }
  }
  for (const locals of objectsOf(config.locals)) {
    for (const [name, body] of Object.entries(locals)) nodes.push({ address: `local.${name}`, body });
  }
  for (const modules of objectsOf(config.module)) {
    for (const [name, body] of Object.entries(modules)) nodes.push({ address: `module.${name}`, body });
  }
  for (const variables of objectsOf(config.variable)) {
    for (const name of Object.keys(variables)) nodes.push({ address: `var.${name}`, body: null });
  }
  return nodes;
}

/** Meta-arguments that name addresses bare rather than in `${…}`. */
export function metaArgumentAddresses(body: TerraformValue): string[] {
  const block = (typeof body === "object" && body !== null && !Array.isArray(body) ? body : {}) as TerraformBlock;
  const dependsOn = Array.isArray(block.depends_on) ? block.depends_on : [];
  const triggers = objectsOf(block.lifecycle).flatMap((lifecycle) => (Array.isArray(lifecycle.replace_triggered_by) ? lifecycle.replace_triggered_by : []));
  return [...dependsOn, ...triggers].filter((entry): entry is string => typeof entry === "string");
}

/** Edges: address → the addresses it depends on (only addresses the configuration defines). */
export function dependencyEdges(config: TerraformConfig): Map<string, string[]> {
  const nodes = graphNodes(config);
  const defined = new Set(nodes.map((node) => node.address));
  const edges = new Map<string, string[]>();
  for (const node of nodes) {
    // cdktf's "//" metadata holds no expressions; meta-argument lists hold bare addresses, read below.
    const fromExpressions = expressionsIn(node.body, ["//"]).flatMap((expression) => referencedAddresses(expression, defined));
    const fromMeta = metaArgumentAddresses(node.body).flatMap((entry) => referencedAddresses(entry.replace(/^\$\{|\}$/g, ""), defined));
    edges.set(node.address, [...new Set([...fromExpressions, ...fromMeta])].sort());
  }
  return edges;
}

/** Each reference cycle once, as the path that closes it (`a → b → a`); a self-reference is a cycle of one. */
export function referenceCycles(config: TerraformConfig): string[][] {
  const edges = dependencyEdges(config);
  const cycles: string[][] = [];
  for (const component of stronglyConnected(edges)) {
    const [first] = component;
    if (component.length === 1 && !(edges.get(first) ?? []).includes(first)) continue;
    cycles.push(cycleThrough(first, new Set(component), edges));
  }
  return cycles;
}

/** Tarjan's algorithm, iterative (deep graphs must not overflow the stack); components in a stable order. */
function stronglyConnected(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of [...edges.keys()].sort()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort());
      }
    }
  }
  return components;
}

/** A shortest path from `start` back to itself within one component (breadth-first). */
function cycleThrough(start: string, members: ReadonlySet<string>, edges: ReadonlyMap<string, readonly string[]>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of edges.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}
