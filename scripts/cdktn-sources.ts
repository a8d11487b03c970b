/**
 * The CDK Terrain build's sources, generated from the cdktf ones: the same TypeScript with its
 * imports renamed (`cdktf` → `cdktn`, `@cdktf/provider-aws/lib/<resource>` →
 * `@cdktn/provider-aws/lib/<resource>`), written to `cdktn/` (git-ignored) and compiled by
 * `npm run build` into `dist/cdktn/`, the package's `cdktf-bedrock-chatbot/cdktn` entry.
 *
 * Why a second compilation rather than renaming the emitted `.js` and `.d.ts`: tsc then checks
 * every construct against CDK Terrain's own bindings (AWS provider 6.66.0, not 6.25.0), so an
 * argument the newer bindings renamed or dropped fails the build instead of being silently left
 * out of the synthesized JSON (a binding's constructor copies only the arguments it knows).
 *
 * Only what must differ is copied: a file reachable from index.ts that imports cdktf or the
 * provider, or imports such a file. Everything else (the permission review, the policy documents,
 * the bundler, the contract) is one file shared by both builds: the copies import it where it is,
 * and neither `dist/cdktn/` nor the Lambda bundle carries a second copy of it.
 *
 *   npm run cdktn-sources      (npm run build, typecheck and test run it first)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

const ROOT = join(__dirname, "..");
/** The library's entry: what is reachable from it is what the package exports. */
const ENTRY = "index.ts";
/** Where the copies go: one level below the root, like `dist/cdktn/` below `dist/`, so that a copy reaches a shared file by the same relative path in the sources and in the build. */
export const CDKTN_DIR = "cdktn";
const TEMP_PREFIX = ".tmp-";

/** cdktf's packages and their CDK Terrain counterparts; anything else of cdktf's has none here. */
export function cdktnSpecifier(specifier: string): string | undefined {
  if (specifier === "cdktf") return "cdktn";
  const resource = /^@cdktf\/provider-aws\/lib\/([\w-]+)$/.exec(specifier);
  if (resource) return `@cdktn/provider-aws/lib/${resource[1]}`;
  if (/^(cdktf\/|@cdktf\/)/.test(specifier)) {
    throw new Error(`${specifier}: no CDK Terrain counterpart is known (only "cdktf" and "@cdktf/provider-aws/lib/<resource>" are renamed): import from those, or teach scripts/cdktn-sources.ts the new one`);
  }
  return undefined;
}

interface SourceFile {
  /** `/`-separated, relative to the root: `modules/api/chat-api.ts`. */
  readonly path: string;
  readonly text: string;
  readonly imports: readonly ts.FileReference[];
  /** Files this one imports by relative path (TypeScript sources only; JSON is data, never copied). */
  readonly localImports: readonly string[];
}

const toPosix = (path: string) => path.split(sep).join("/");

function readSource(root: string, path: string): SourceFile {
  const text = readFileSync(join(root, path), "utf8");
  // Every specifier with its position: import/export … from, import(), require() and `typeof import()`.
  const imports = ts.preProcessFile(text, true, true).importedFiles;
  const localImports = imports
    .filter((ref) => ref.fileName.startsWith("."))
    .map((ref) => resolveLocal(root, path, ref.fileName))
    .filter((target): target is string => target !== undefined);
  return { path, text, imports, localImports };
}

function resolveLocal(root: string, from: string, specifier: string): string | undefined {
  const base = resolve(root, dirname(from), specifier);
  const found = [`${base}.ts`, join(base, "index.ts"), base].find((candidate) => existsSync(candidate) && candidate.endsWith(".ts"));
  if (found) return toPosix(relative(root, found));
  if (existsSync(base) || existsSync(`${base}.json`)) return undefined;
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

/** Every TypeScript file reachable from the entry. */
function reachable(root: string): Map<string, SourceFile> {
  const files = new Map<string, SourceFile>();
  const pending = [ENTRY];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (files.has(path)) continue;
    const file = readSource(root, path);
    files.set(path, file);
    pending.push(...file.localImports);
  }
  return files;
}

/** The files whose copy differs: those importing cdktf or the provider, then those importing such a file, until nothing changes. */
function filesToCopy(files: ReadonlyMap<string, SourceFile>): Set<string> {
  const copied = new Set([...files.values()].filter((file) => file.imports.some((ref) => cdktnSpecifier(ref.fileName) !== undefined)).map((file) => file.path));
  for (let grew = true; grew; ) {
    grew = false;
    for (const file of files.values()) {
      if (!copied.has(file.path) && file.localImports.some((target) => copied.has(target))) {
        copied.add(file.path);
        grew = true;
      }
    }
  }
  return copied;
}

/** A copy finds files beside the copy, not beside the original: refuse what would look there. */
const SELF_LOCATING = /\b(__dirname|__filename|import\.meta)\b/;

function header(path: string): string {
  return `// Generated by scripts/cdktn-sources.ts from ${path} for the CDK Terrain build: edit ${path}, not this copy.\n`;
}

function rewrite(root: string, file: SourceFile, copied: ReadonlySet<string>): string {
  if (SELF_LOCATING.test(file.text)) {
    throw new Error(`${file.path} locates files relative to itself (__dirname, __filename or import.meta), which its CDK Terrain copy would do beside the copy: move that into a file that imports nothing of cdktf (see config/config-path.ts)`);
  }
  const edits: { start: number; end: number; text: string }[] = [];
  for (const ref of file.imports) {
    const renamed = cdktnSpecifier(ref.fileName);
    let replacement: string | undefined = renamed;
    if (renamed === undefined && ref.fileName.startsWith(".")) {
      const target = resolveLocal(root, file.path, ref.fileName);
      if (target === undefined || !copied.has(target)) {
        // A shared file (or JSON data): reached from the copy's folder, as written from the original's.
        const from = join(root, CDKTN_DIR, dirname(file.path));
        const specifier = toPosix(relative(from, resolve(root, dirname(file.path), ref.fileName)));
        replacement = specifier.startsWith(".") ? specifier : `./${specifier}`;
      }
    }
    if (replacement === undefined || replacement === ref.fileName) continue;
    // A reference's `pos` is its string literal's opening quote.
    const start = ref.pos + 1;
    if (file.text.slice(start, start + ref.fileName.length) !== ref.fileName) throw new Error(`${file.path}: ${ref.fileName} is not where TypeScript says it is`);
    edits.push({ start, end: start + ref.fileName.length, text: replacement });
  }
  let text = file.text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return header(file.path) + text;
}

/** The generated sources, by path relative to `cdktn/`. */
export function cdktnSources(root = ROOT): Map<string, string> {
  const files = reachable(root);
  const copied = filesToCopy(files);
  if (!copied.has(ENTRY)) throw new Error(`${ENTRY} reaches nothing of cdktf: there is no CDK Terrain build to generate`);
  return new Map([...copied].sort().map((path) => [path, rewrite(root, files.get(path)!, copied)]));
}

function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((entry) => entry.isFile() && !entry.name.startsWith(TEMP_PREFIX))
    .map((entry) => toPosix(relative(dir, join(entry.parentPath, entry.name))));
}

/**
 * Brings `cdktn/` up to date: writes what changed (each file replaced whole, by rename, so that a
 * compiler or tsx reading it meanwhile, in another test worker, never sees half of it) and removes
 * what is no longer generated. Returns the paths written and removed.
 */
export function writeCdktnSources(root = ROOT): { written: string[]; removed: string[] } {
  const sources = cdktnSources(root);
  const dir = join(root, CDKTN_DIR);
  const written: string[] = [];
  for (const [path, text] of sources) {
    const target = join(dir, path);
    if (existsSync(target) && readFileSync(target, "utf8") === text) continue;
    mkdirSync(dirname(target), { recursive: true });
    const temp = join(dirname(target), `${TEMP_PREFIX}${process.pid}-${Math.random().toString(36).slice(2)}`);
    writeFileSync(temp, text);
    renameSync(temp, target);
    written.push(path);
  }
  const removed = filesIn(dir).filter((path) => !sources.has(path));
  for (const path of removed) rmSync(join(dir, path), { force: true });
  return { written, removed };
}

if (require.main === module) {
  const { written, removed } = writeCdktnSources();
  const total = cdktnSources().size;
  // On stderr: it runs inside `npm pack --json` (prepack), whose stdout is the pack report.
  console.error(`${CDKTN_DIR}/: ${total} files generated for CDK Terrain (${written.length} written, ${removed.length} removed)`);
}
