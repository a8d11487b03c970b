/**
 * Terraform addresses are the identity of live infrastructure: renaming a construct id, or moving a
 * construct under another parent, makes `terraform plan` destroy and re-create the resource (a new
 * VPC, a new API URL, a lost log history). Every address of every stack of every shipped
 * configuration, fixture configuration and example is recorded in
 * `__tests__/fixtures/terraform-addresses.json`; a change to that list must be deliberate, visible
 * in review, and come with a `moved` block or an upgrade note.
 *
 * After a deliberate change: `UPDATE_TERRAFORM_ADDRESSES=1 npx jest terraform/addresses`.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { synthSources } from "../helpers/synth-outputs";

const GOLDEN = join(__dirname, "..", "fixtures", "terraform-addresses.json");
const UPDATE = process.env.UPDATE_TERRAFORM_ADDRESSES === "1";

type Block = Record<string, Record<string, unknown>>;
interface StackJson {
  resource?: Block;
  data?: Block;
  output?: Record<string, unknown>;
  module?: Record<string, unknown>;
}

/** `aws_vpc.network_vpc_1A2B3C4D`, `data.aws_region.context_region_…`, `output.api_url`, sorted. */
export function stackAddresses(stack: StackJson): string[] {
  const typed = (block: Block | undefined, prefix: string) =>
    Object.entries(block ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${prefix}${type}.${name}`));
  return [
    ...typed(stack.resource, ""),
    ...typed(stack.data, "data."),
    ...Object.keys(stack.output ?? {}).map((name) => `output.${name}`),
    ...Object.keys(stack.module ?? {}).map((name) => `module.${name}`),
  ].sort();
}

/** Every stack the synth wrote, by its manifest name. */
function addressesOf(outdir: string): Record<string, string[]> {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.fromEntries(
    Object.entries(manifest.stacks)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, stack]) => [name, stackAddresses(JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8")))]),
  );
}

const sources = synthSources();
const recorded: Record<string, Record<string, string[]>> = UPDATE ? {} : JSON.parse(readFileSync(GOLDEN, "utf8"));
const current: Record<string, Record<string, string[]>> = {};

describe("Terraform addresses do not change", () => {
  test("every source is recorded, and every recorded source still exists", () => {
    if (UPDATE) return;
    expect(sources.map((source) => source.label).sort()).toEqual(Object.keys(recorded).sort());
  });

  test.each(sources.map((source) => [source.label, source] as const))("%s", (label, source) => {
    const outdir = source.synth();
    try {
      current[label] = addressesOf(outdir);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
    if (UPDATE) return;
    const before = recorded[label] ?? {};
    for (const stack of new Set([...Object.keys(before), ...Object.keys(current[label])])) {
      const was = new Set(before[stack] ?? []);
      const now = new Set(current[label][stack] ?? []);
      // Named lists, so that a failure says which resources Terraform would destroy and create.
      expect({ stack, removed: [...was].filter((address) => !now.has(address)), added: [...now].filter((address) => !was.has(address)) })
        .toEqual({ stack, removed: [], added: [] });
    }
  }, 120_000);

  afterAll(() => {
    if (UPDATE) writeFileSync(GOLDEN, `${JSON.stringify(current, null, 2)}\n`);
  });
});
