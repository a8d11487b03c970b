/**
 * Static files for `npm run dev`: the chat page (`web/`) next to the local chat route.
 *
 * Serves GET/HEAD for files directly under one folder and nothing else: no path outside it
 * (`..`, encoded or not, absolute paths, symlinks pointing out), no dotfiles, no directory
 * listings, only known file types (anything else is left to the server's 404). Every answer
 * is `Cache-Control: no-store`, so an edited file shows on the next reload.
 */
import { promises as fs } from "node:fs";
import type * as http from "node:http";
import * as path from "node:path";

/** Extensions served, and their content types; anything else is not served. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

export type StaticFiles = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;

/** The chat page's folder in this repository. */
export const WEB_ROOT = path.resolve(__dirname, "..", "web");

/**
 * The file a URL path names under `root`, or undefined when it names nothing servable.
 * Pure (no file system): symlinks are checked after `realpath`, when the file is read.
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined; // malformed %-encoding
  }
  if (!decoded.startsWith("/") || decoded.includes("\0") || decoded.includes("\\")) return undefined;
  const relative = decoded === "/" ? "index.html" : decoded.slice(1);
  const segments = relative.split("/");
  // No "..", ".", empty segments ("//") or dotfiles: each of them is either a way out or not ours to serve.
  if (segments.some((segment) => segment === "" || segment.startsWith("."))) return undefined;
  if (CONTENT_TYPES[path.extname(relative).toLowerCase()] === undefined) return undefined;
  const file = path.resolve(root, ...segments);
  const fromRoot = path.relative(root, file);
  if (fromRoot === "" || fromRoot.startsWith("..") || path.isAbsolute(fromRoot)) return undefined;
  return file;
}

function isInside(root: string, file: string): boolean {
  const fromRoot = path.relative(root, file);
  return fromRoot !== "" && !fromRoot.startsWith("..") && !path.isAbsolute(fromRoot);
}

/** A `staticFiles` hook for `startDevServer`, serving `root` (default: `web/`). */
export function staticFiles(root: string = WEB_ROOT): StaticFiles {
  let realRoot: Promise<string> | undefined;
  return async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const candidate = resolveStaticPath(root, (req.url ?? "/").split("?")[0] ?? "/");
    if (candidate === undefined) return false;
    let file: string;
    let body: Buffer;
    try {
      file = await fs.realpath(candidate);
      realRoot ??= fs.realpath(root);
      if (!isInside(await realRoot, file) || !(await fs.stat(file)).isFile()) return false;
      body = await fs.readFile(file);
    } catch {
      return false; // missing or unreadable: the server's 404
    }
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[path.extname(candidate).toLowerCase()] ?? "application/octet-stream",
      "content-length": String(body.length),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}
