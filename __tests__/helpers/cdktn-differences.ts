/**
 * What CDK Terrain writes differently from cdktf for the same constructs, each difference named:
 * the path in a stack's cdk.tf.json, both values, and why. Anything else that differs between
 * the two builds' output is drift, and a test fails naming it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface Difference {
  /** Keys from the stack's root, joined with dots: `terraform.required_providers.aws.version`. */
  readonly path: string;
  readonly cdktf: unknown;
  readonly cdktn: unknown;
}

export interface NamedDifference extends Difference {
  readonly why: string;
}

export const CDKTN_DIFFERENCES: readonly NamedDifference[] = [
  { path: "//.metadata.version", cdktf: "0.21.0", cdktn: "0.24.0", why: "the version of the library that synthesized the stack (metadata only)" },
  {
    path: "terraform.required_providers.aws.source",
    cdktf: "aws",
    cdktn: "hashicorp/aws",
    why: "the same provider: Terraform reads a bare `aws` as registry.terraform.io/hashicorp/aws",
  },
  { path: "terraform.required_providers.aws.version", cdktf: "6.25.0", cdktn: "6.66.0", why: "the AWS provider each binding is generated for, pinned exactly" },
];

/** Every leaf of a JSON value by its dotted path (an empty object or array is a leaf too). */
function leaves(value: unknown, path = "", out = new Map<string, string>()): Map<string, string> {
  if (typeof value === "object" && value !== null && Object.keys(value).length > 0) {
    for (const [key, entry] of Object.entries(value)) leaves(entry, path === "" ? key : `${path}.${key}`, out);
  } else {
    out.set(path, JSON.stringify(value));
  }
  return out;
}

/** Where two stacks' JSON differ, in path order. */
export function jsonDifferences(cdktf: unknown, cdktn: unknown): Difference[] {
  const [a, b] = [leaves(cdktf), leaves(cdktn)];
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((path) => a.get(path) !== b.get(path))
    .sort()
    .map((path) => ({ path, cdktf: parse(a.get(path)), cdktn: parse(b.get(path)) }));
}

const parse = (text: string | undefined): unknown => (text === undefined ? undefined : JSON.parse(text));

/** The stacks of a synth output, each as parsed JSON, by stack folder name. */
export function stacksOf(outdir: string): Record<string, unknown> {
  const stacks = join(outdir, "stacks");
  return Object.fromEntries(
    readdirSync(stacks)
      .sort()
      .map((name) => [name, JSON.parse(readFileSync(join(stacks, name, "cdk.tf.json"), "utf8"))]),
  );
}

/** Every file of a synth output's stacks other than cdk.tf.json (the Lambda zips), with its bytes as base64. */
export function stackAssets(outdir: string): Record<string, string> {
  const stacks = join(outdir, "stacks");
  return Object.fromEntries(
    (readdirSync(stacks, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
      .filter((entry) => entry.isFile() && entry.name !== "cdk.tf.json")
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()
      .map((file) => [file.slice(stacks.length + 1), readFileSync(file).toString("base64")]),
  );
}
