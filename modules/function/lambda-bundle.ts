import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { zipSingleFile } from "./bundling/deterministic-zip";
import { type Problem, fieldPath, patternProblems, throwProblems } from "../core/validate";

/** Produces the bytes of a single-file JavaScript bundle. Injected so that unit tests skip esbuild. */
export type Bundler = () => { readonly code: Uint8Array };

/** The chat function's esbuild bundle. esbuild is loaded on first use: importing the constructs never loads it. */
export const chatFunctionBundler: Bundler = () => (require("./bundling/chat-bundle") as typeof import("./bundling/chat-bundle")).bundleChatFunction();

export interface LambdaBundleProps {
  /** Produces the bundle's bytes (chatFunctionBundler for the chat function). */
  readonly bundler: Bundler;
  /** Name of the bundle inside the zip. @default "index.js" - so the handler is `index.<export>` */
  readonly fileName?: string;
  /**
   * Where the zip is written before cdktf copies it into the stack's assets.
   * @default - a folder under the OS temp directory, outside the source tree
   */
  readonly workDir?: string;
}

/** One file at the zip's root that Lambda's Node.js runtime loads as the handler's module (`index.js` → `index.<export>`). */
const BUNDLE_FILE_NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.(?:js|mjs|cjs)$/;

/**
 * Every problem of LambdaBundle's props that needs no bundling: a bundler to call, a file name the
 * runtime can load, a folder to write to. `at` prefixes the fields. (Whether the bundler's bytes
 * are empty is known only once it has run: the construct checks that itself.)
 */
export function lambdaBundleProblems(props: LambdaBundleProps, at = ""): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  const problems: Problem[] = [];
  if (typeof props.bundler !== "function") {
    problems.push({ field: field("bundler"), value: props.bundler, fix: "give a function that returns the bundle's bytes, e.g. chatFunctionBundler" });
  }
  if (props.fileName !== undefined) {
    const fix = 'use a file name without folders, ending in .js, .mjs or .cjs, e.g. "index.js" (the handler is <name>.<export>)';
    problems.push(...patternProblems(field("fileName"), props.fileName, BUNDLE_FILE_NAME_PATTERN, fix));
  }
  const workDir: unknown = props.workDir;
  if (workDir !== undefined && (typeof workDir !== "string" || workDir.trim() === "")) {
    problems.push({ field: field("workDir"), value: workDir, fix: "give a folder path, or leave it out for a folder under the OS temp directory" });
  }
  return problems;
}

/**
 * A Lambda deployment package built at synth time: the bundler's bytes in a deterministic zip,
 * registered as a TerraformAsset. The asset hash and `sourceCodeHash` are the same SHA-256 of the
 * zip, so two synths of the same code are byte-identical and a code change always redeploys.
 */
export class LambdaBundle extends Construct {
  /** Path of the zip relative to the stack's Terraform working directory. */
  readonly path: string;
  /** Base64 SHA-256 of the zip: Lambda's CodeSha256, for `source_code_hash`. */
  readonly sourceCodeHash: string;
  /** Hex SHA-256 of the zip. */
  readonly contentHash: string;
  readonly sizeBytes: number;

  constructor(scope: Construct, id: string, props: LambdaBundleProps) {
    super(scope, id);
    throwProblems(this, lambdaBundleProblems(props));
    const { code } = props.bundler();
    if (code.length === 0) throwProblems(this, [{ field: "bundler", value: code.length, fix: "returned an empty bundle (no bytes): check the function's entry file and the esbuild log" }]);
    const zip = zipSingleFile(props.fileName ?? "index.js", code);
    const digest = createHash("sha256").update(zip).digest();
    this.contentHash = digest.toString("hex");
    this.sourceCodeHash = digest.toString("base64");
    this.sizeBytes = zip.length;

    const workDir = props.workDir ?? join(tmpdir(), "cdktf-bedrock-chatbot-bundles");
    mkdirSync(workDir, { recursive: true });
    const zipPath = join(workDir, `${this.contentHash}.zip`);
    // Always written: a file left under this name by anything else must never ship.
    writeFileSync(zipPath, zip);
    this.path = new TerraformAsset(this, "asset", { path: zipPath, type: AssetType.FILE, assetHash: this.contentHash }).path;
  }
}
