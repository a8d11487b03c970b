/** The toolchain scripts/toolchain.sh wrote (toolchain.env), for scripts; tests read it through __tests__/helpers/toolchain.ts. */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export function toolchainDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHATBOT_TOOLCHAIN_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "cdktf-bedrock-chatbot", "toolchain");
}

export function loadToolchainEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const file = join(toolchainDir(env), "toolchain.env");
  if (!existsSync(file)) throw new Error(`the toolchain is not built (no ${file}): run \`npm run toolchain\` (bash scripts/toolchain.sh)`);
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}
