import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageVersion } from "../../../policies/cli/version";

const ROOT = join(__dirname, "..", "..", "..");
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("packageVersion", () => {
  it("is the package's version, from the sources (policies/cli) and from the build (dist/policies/cli)", () => {
    expect(packageVersion(join(ROOT, "policies", "cli"))).toBe(VERSION);
    expect(packageVersion(join(ROOT, "dist", "policies", "cli"))).toBe(VERSION);
    expect(packageVersion()).toBe(VERSION);
  });

  it("never reads another package's manifest: a consumer's package.json above is not ours", () => {
    const consumer = mkdtempSync(join(tmpdir(), "version-"));
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "9.9.9" }));
    mkdirSync(join(consumer, "a", "b"), { recursive: true });
    expect(packageVersion(join(consumer, "a", "b"))).toBe("unknown");
  });
});
