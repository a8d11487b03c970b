/**
 * The version `--version` prints: the package's own, read from the package.json above this file
 * (two levels up in the sources, three from dist/), so that it can never disagree with what npm
 * installed.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const PACKAGE_NAME = "cdktf-bedrock-chatbot";

export function packageVersion(from: string = __dirname): string {
  for (let dir = from, up = 0; up < 4; dir = dirname(dir), up++) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
    if (manifest.name === PACKAGE_NAME && typeof manifest.version === "string") return manifest.version;
  }
  return "unknown";
}
