/**
 * The cdktf app: read and validate one configuration, create the control-plane and data-plane
 * stacks, synthesize. Invalid configuration exits with status 1 before anything is written.
 * Configuration: the JSON file in $CHATBOT_CONFIG, default config/dev.json (see docs/configuration.md).
 */
import { existsSync, rmSync } from "node:fs";
import { relative } from "node:path";
import { App } from "cdktf";
import { configPathFromEnvironment, loadConfig } from "./config/load";
import { ConfigError } from "./config/schema";
import { addChatbotStacks } from "./modules/stacks/chatbot-stacks";

const configPath = configPathFromEnvironment();
const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
const outdirExisted = existsSync(outdir);
try {
  const config = loadConfig(configPath);
  const app = new App({ outdir });
  addChatbotStacks(app, config);
  app.synth();
} catch (error) {
  // Construct guards name the construct and prop; say which file fed them.
  const where = error instanceof ConfigError ? "" : `${relative(process.cwd(), configPath)}: `;
  console.error(`error: ${where}${(error as Error).message}`);
  // cdktf creates the output folders up front; a folder this failed run created holds nothing else.
  if (!outdirExisted) rmSync(outdir, { recursive: true, force: true });
  process.exit(1);
}
