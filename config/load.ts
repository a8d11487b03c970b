/**
 * Where the configuration comes from: the JSON file named by the `CHATBOT_CONFIG` environment
 * variable, or `config/dev.json` when it is unset. One file per environment (dev.json, prod.json…).
 */
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { type ChatbotConfig, ConfigError, parseConfig } from "./schema";

export const DEFAULT_CONFIG_PATH = join(__dirname, "dev.json");

export function configPathFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHATBOT_CONFIG ? resolve(env.CHATBOT_CONFIG) : DEFAULT_CONFIG_PATH;
}

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
