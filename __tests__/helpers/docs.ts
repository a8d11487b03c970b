/**
 * The README and the pages of docs/, for the tests that hold what they say to the code: a page's
 * path, its text, and one section of it (a heading down to the next heading of its level or
 * higher; headings inside fenced code blocks are text, not headings).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const README_PATH = join(ROOT, "README.md");
export const DOCS_DIR = join(ROOT, "docs");

/** `docs/<page>.md`: `docPath("chat-api")`. */
export function docPath(page: string): string {
  return join(DOCS_DIR, `${page}.md`);
}

/** The text of `docs/<page>.md`. */
export function readDoc(page: string): string {
  return readFileSync(docPath(page), "utf8");
}

/** The README and every page of docs/, as paths relative to the repository root (`README.md`, `docs/chat-api.md`…). */
export function markdownFiles(): string[] {
  const pages = readdirSync(DOCS_DIR).filter((name) => name.endsWith(".md")).sort();
  return ["README.md", ...pages.map((name) => `docs/${name}`)];
}

/** Each line of `text` with whether it is inside a fenced code block (the fence lines included). */
export function fencedLines(text: string): { line: string; fenced: boolean }[] {
  let fence: string | undefined;
  return text.split("\n").map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker) {
      fence = marker;
      return { line, fenced: true };
    }
    if (fence !== undefined) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      return { line, fenced: true };
    }
    return { line, fenced: false };
  });
}

/**
 * The section of `text` that starts at the heading line `heading` (exactly, e.g. "## Rule pack")
 * and ends before the next heading of the same level or higher. Throws when there is no such heading.
 */
export function section(text: string, heading: string, where = "the text"): string {
  const lines = fencedLines(text);
  const level = /^(#+) /.exec(heading)?.[1]?.length;
  if (!level) throw new Error(`"${heading}" is not a markdown heading`);
  const start = lines.findIndex(({ line, fenced }) => !fenced && line === heading);
  if (start < 0) throw new Error(`no heading "${heading}" in ${where}`);
  const end = lines.findIndex(({ line, fenced }, at) => at > start && !fenced && new RegExp(`^#{1,${level}} `).test(line));
  return lines.slice(start, end < 0 ? undefined : end).map(({ line }) => line).join("\n");
}

/** A section of `docs/<page>.md`: `docSection("chat-api", "# Chat API")`. */
export function docSection(page: string, heading: string): string {
  return section(readDoc(page), heading, `docs/${page}.md`);
}

/** Every inline link and image outside code: `[text](target)`, with the line it is on. */
export function links(text: string): { target: string; line: number }[] {
  const found: { target: string; line: number }[] = [];
  fencedLines(text).forEach(({ line, fenced }, at) => {
    if (fenced) return;
    const prose = line.replace(/`[^`]*`/g, (code) => (/^`[^`]*`\]\(/.test(code) ? code : " "));
    for (const match of prose.matchAll(/!?\[(?:[^\]`]|`[^`]*`)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) found.push({ target: match[1]!, line: at + 1 });
  });
  return found;
}
