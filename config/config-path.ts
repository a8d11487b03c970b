/**
 * Which configuration file to read: the one `CHATBOT_CONFIG` names, or the package's `config/dev.json`.
 * A file of its own, apart from the loader, because it finds dev.json beside itself (`__dirname`):
 * it imports nothing of cdktf, so both builds (cdktf's `dist/` and CDK Terrain's `dist/cdktn/`,
 * see scripts/cdktn-sources.ts) share this one file, and with it the path to the shipped dev.json.
 */
import { join, resolve } from "node:path";

export const DEFAULT_CONFIG_PATH = join(__dirname, "dev.json");

export function configPathFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHATBOT_CONFIG ? resolve(env.CHATBOT_CONFIG) : DEFAULT_CONFIG_PATH;
}
