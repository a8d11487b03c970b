/** dev/static-files.ts: `npm run dev` serves web/ and nothing outside it. */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { type DevServer, startDevServer } from "../../dev/server";
import { resolveStaticPath, staticFiles, WEB_ROOT } from "../../dev/static-files";

/** A raw HTTP/1.1 request, so paths reach the server exactly as written (fetch would normalise `..`). */
function rawGet(url: string, requestPath: string, method = "GET"): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(`${method} ${requestPath} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), headers: head.toLowerCase(), body: rest.join("\r\n\r\n") });
    });
  });
}

describe("resolveStaticPath", () => {
  const root = path.resolve("/srv/web");

  it("maps / to index.html and names files under the root", () => {
    expect(resolveStaticPath(root, "/")).toBe(path.join(root, "index.html"));
    expect(resolveStaticPath(root, "/app.js")).toBe(path.join(root, "app.js"));
    expect(resolveStaticPath(root, "/styles%2Ecss")).toBe(path.join(root, "styles.css"));
  });

  it.each([
    ["/../package.json", "parent"],
    ["/%2e%2e/package.json", "encoded parent"],
    ["/..%2fpackage.json", "encoded slash"],
    ["/a/../../package.json", "nested parent"],
    ["/..\\package.json", "backslash"],
    ["/%2F%2Fetc%2Fpasswd.txt", "absolute via encoded slashes"],
    ["//etc/passwd.txt", "empty segment"],
    ["/.env.json", "dotfile"],
    ["/tsconfig.json%00.js", "NUL"],
    ["/%E0%A4%A.js", "malformed encoding"],
    ["/server.ts", "unknown type"],
    ["/README", "no extension"],
  ])("refuses %s (%s)", (urlPath) => {
    expect(resolveStaticPath(root, urlPath)).toBeUndefined();
  });
});

describe("the dev server's static mount", () => {
  let dev: DevServer;
  let outside: string;

  beforeAll(async () => {
    // A web root with a symlink that points outside it.
    outside = fs.mkdtempSync(path.join(os.tmpdir(), "static-files-"));
    const root = path.join(outside, "web");
    fs.mkdirSync(path.join(root, "sub"), { recursive: true });
    fs.writeFileSync(path.join(outside, "secret.txt"), "SECRET");
    fs.writeFileSync(path.join(root, "index.html"), "<h1>page</h1>");
    fs.writeFileSync(path.join(root, "sub", "x.css"), "a{}");
    fs.symlinkSync(path.join(outside, "secret.txt"), path.join(root, "link.txt"));
    fs.mkdirSync(path.join(root, "dir.js"));
    dev = await startDevServer({ port: 0, log: () => undefined, staticFiles: staticFiles(root) });
  });

  afterAll(async () => {
    await dev?.close();
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it("serves files with their content type and no caching", async () => {
    const page = await fetch(`${dev.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await page.text()).toBe("<h1>page</h1>");
    const css = await fetch(`${dev.url}/sub/x.css?v=1`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("answers HEAD without a body", async () => {
    const head = await rawGet(dev.url, "/", "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers).toContain("content-length: 13");
    expect(head.body).toBe("");
  });

  it.each(["/../secret.txt", "/%2e%2e/secret.txt", "/sub/../../secret.txt", "/link.txt", "/dir.js", "/missing.js"])("404s %s and leaks nothing", async (requestPath) => {
    const response = await rawGet(dev.url, requestPath);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain("SECRET");
  });

  it("leaves other methods and the chat route alone", async () => {
    expect((await fetch(`${dev.url}/`, { method: "DELETE" })).status).toBe(404);
    expect((await fetch(`${dev.url}/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"message":"Hi"}' })).headers.get("content-type")).toBe(
      "text/event-stream; charset=utf-8",
    );
  });

  it("defaults to this repository's web/ folder", () => {
    expect(fs.existsSync(path.join(WEB_ROOT, "index.html"))).toBe(true);
  });
});
