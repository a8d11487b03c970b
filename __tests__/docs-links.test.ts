/**
 * The README and the pages of docs/ link each other and the sources: every relative link must
 * point at a file that exists, every `#anchor` at a heading of its page (as GitHub names them),
 * and the README's Documentation list must list every page of docs/. The README's minimal
 * configuration must be one the project accepts.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { parseConfig } from "../config/schema";
import { DOCS_DIR, fencedLines, links, markdownFiles, README_PATH, ROOT, section } from "./helpers/docs";

/** GitHub's anchor for a heading: lower case, markup and punctuation dropped, spaces to hyphens; repeats get -1, -2… */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const { line, fenced } of fencedLines(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (fenced || heading === undefined) continue;
    const base = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/<[^>]+>/g, "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

const FILES = markdownFiles();

/**
 * Whether `path` (relative to the repository) is in the npm package, by package.json's `files`
 * (npm's rules as this package uses them: a folder entry takes everything under it, `*` matches
 * within one path segment, `**` across segments, a `!` entry takes away).
 */
function shipped(path: string): boolean {
  const { files } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] };
  const matches = (pattern: string) => {
    if (!/[*?]/.test(pattern)) return path === pattern || path.startsWith(`${pattern}/`);
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .split("**/")
      .map((part) => part.replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]"))
      .join("(?:.*/)?");
    return new RegExp(`^${source}$`).test(path);
  };
  return ["package.json", "README.md"].includes(path) || (files.some((entry) => !entry.startsWith("!") && matches(entry)) && !files.some((entry) => entry.startsWith("!") && matches(entry.slice(1))));
}

describe("links in the README and docs/", () => {
  test("there are pages to check", () => {
    expect(FILES).toEqual(expect.arrayContaining(["README.md", "docs/configuration.md", "docs/reference.md"]));
  });

  test.each(FILES)("%s: every relative link points at an existing file, every #anchor at a heading", (file) => {
    const path = join(ROOT, file);
    const text = readFileSync(path, "utf8");
    const broken: string[] = [];
    for (const { target, line } of links(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:…
      const [pathPart, anchor] = target.split("#", 2) as [string, string | undefined];
      const targetPath = pathPart === "" ? path : normalize(join(dirname(path), decodeURIComponent(pathPart)));
      if (relative(ROOT, targetPath).startsWith("..")) {
        broken.push(`${file}:${line} ${target}: outside the repository`);
      } else if (!existsSync(targetPath)) {
        broken.push(`${file}:${line} ${target}: no such file`);
      } else if (anchor !== undefined && targetPath.endsWith(".md") && !anchors(readFileSync(targetPath, "utf8")).has(anchor)) {
        broken.push(`${file}:${line} ${target}: no heading with that anchor`);
      }
    }
    expect(broken).toEqual([]);
  });

  test("the anchor names follow GitHub's", () => {
    expect([...anchors("# Security\n## What is protected, and how\n## `ChatApi`\n## First deploy: what must exist first\n## Notes\n## Notes\n```\n## Not a heading\n```")]).toEqual([
      "security",
      "what-is-protected-and-how",
      "chatapi",
      "first-deploy-what-must-exist-first",
      "notes",
      "notes-1",
    ]);
    expect(links("[a](b.md) `[c](d.md)` [`e`](f.md#g)\n```\n[h](i.md)\n```").map(({ target }) => target)).toEqual(["b.md", "f.md#g"]);
  });
});

describe("links in the package", () => {
  test("the package's own `files` are read as npm reads them", () => {
    expect(["docs/design.md", "README.md", "examples/standalone/main.ts", "policies/review/SCHEMA.md", "functions/chat/handler.ts"].filter(shipped)).toHaveLength(5);
    expect(["modules/core/aws-regions.ts", "policies/review/review.ts", "__tests__/docs-links.test.ts", "functions/chat/x.test.ts", "examples/standalone/cdktf.out/manifest.json"].filter(shipped)).toEqual([]);
  });

  test.each(FILES)("%s links only to files the npm package ships", (file) => {
    const outside: string[] = [];
    for (const { target, line } of links(readFileSync(join(ROOT, file), "utf8"))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
      const path = relative(ROOT, normalize(join(dirname(join(ROOT, file)), decodeURIComponent(target.split("#")[0])))).split("\\").join("/");
      if (!shipped(path)) outside.push(`${file}:${line} ${target}: not in the package (package.json files)`);
    }
    expect(outside).toEqual([]);
  });
});

describe("the README", () => {
  const readme = readFileSync(README_PATH, "utf8");

  test("its Documentation list links every page of docs/", () => {
    const listed = new Set(links(section(readme, "## Documentation", "README.md")).map(({ target }) => target.split("#")[0]));
    const pages = readdirSync(DOCS_DIR).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`);
    for (const page of pages) expect({ page, listed: listed.has(page) }).toEqual({ page, listed: true });
  });

  test("its minimal configuration is valid as it stands", () => {
    const example = /A minimal one[\s\S]*?```json\n([\s\S]*?)\n```/.exec(section(readme, "## Configuration", "README.md"))?.[1];
    expect(example).toBeDefined();
    const config = parseConfig(JSON.parse(example!), "README.md");
    expect(config.name).toBe("chatbot-dev");
  });
});
