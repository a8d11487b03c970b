/**
 * `npm run dev` stops when npm stops. Started as a user starts it (npm, its script, the server),
 * the server frees its port both when npm is told to stop (SIGTERM: what `kill` and task runners
 * send; npm forwards it) and when npm dies without a word (SIGKILL: the server notices that its
 * parent is gone). Before, npm's `sh -c` dropped the signal and tsx's child kept the port.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createConnection, createServer } from "node:net";
import { join } from "node:path";
import { stopWithParent } from "../../dev/stop-with-parent";

const ROOT = join(__dirname, "..", "..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function eventually(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return condition();
}

/** `npm run dev` on a free port, in a process group of its own (so that the test can always clean up), once it serves. */
async function startNpmRunDev(): Promise<{ npm: ChildProcess; port: number }> {
  const port = await freePort();
  const npm = spawn("npm", ["run", "dev"], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  npm.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const serving = await eventually(async () => output.includes("chat dev server:") && (await accepts(port)), 60_000);
  if (!serving) throw new Error(`npm run dev did not start:\n${output}`);
  return { npm, port };
}

/** Whatever the test left behind: the group npm led (npm and the server it started). */
function killGroup(npm: ChildProcess | undefined): void {
  try {
    if (npm?.pid) process.kill(-npm.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

describe("npm run dev, stopped", () => {
  let npm: ChildProcess | undefined;
  afterEach(() => killGroup(npm));

  test.each(["SIGTERM", "SIGKILL"] as const)(
    "the port is freed when npm gets %s",
    async (signal) => {
      const started = await startNpmRunDev();
      npm = started.npm;
      process.kill(npm.pid!, signal);
      expect(await eventually(async () => !(await accepts(started.port)), 10_000)).toBe(true);
    },
    90_000,
  );
});

describe("stopWithParent", () => {
  test("stops once, whichever signal comes first or how often, and the disposer removes its listeners", () => {
    const before = process.listenerCount("SIGTERM");
    const stop = jest.fn();
    stopWithParent(stop, { signals: ["SIGTERM", "SIGHUP"] });
    expect(process.listenerCount("SIGTERM")).toBe(before + 1);
    process.emit("SIGTERM", "SIGTERM");
    process.emit("SIGHUP", "SIGHUP");
    expect(stop).toHaveBeenCalledTimes(1);
    expect(process.listenerCount("SIGTERM")).toBe(before);

    const untouched = jest.fn();
    stopWithParent(untouched, { signals: ["SIGTERM"] })();
    process.emit("SIGTERM", "SIGTERM");
    expect(untouched).not.toHaveBeenCalled();
    expect(process.listenerCount("SIGTERM")).toBe(before);
  });
});
