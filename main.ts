/**
 * The cdktf app: read and validate one configuration, create the control-plane and data-plane
 * stacks, synthesize. Invalid configuration exits with status 1 before anything is written.
 * Configuration: the JSON file in $CHATBOT_CONFIG, default config/dev.json (see README).
 */
import { App } from "cdktf";
import { configPathFromEnvironment, loadConfig } from "./config/load";
import { addChatbotStacks } from "./modules/chatbot-stacks";

try {
  const config = loadConfig(configPathFromEnvironment());
  const app = new App();
  addChatbotStacks(app, config);
  app.synth();
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
}
