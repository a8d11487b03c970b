/**
 * Reading a configuration file: one JSON file per environment (dev.json, prod.json…), the one the
 * `CHATBOT_CONFIG` environment variable names or `config/dev.json` (config-path.ts chooses).
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { type ChatbotConfig, ConfigError, parseConfig } from "./schema";

export { configPathFromEnvironment, DEFAULT_CONFIG_PATH } from "./config-path";

export function loadConfig(path: string): ChatbotConfig {
  const source = relative(process.cwd(), path) || path;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(source, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}): set CHATBOT_CONFIG to an existing config file`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(source, [`is not valid JSON: ${(error as Error).message}`]);
  }
  return parseConfig(raw, source);
}
