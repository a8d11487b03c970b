/**
 * Example 3: two environments from one program. Each gets its own stacks (`<name>-control-plane`,
 * `<name>-data-plane`), its own tags, and its own state: dev keeps local state files, prod keeps
 * its state in S3 with native locking. Deploy one environment's stacks at a time:
 *
 *   npx cdktf deploy chatbot-dev-control-plane chatbot-dev-data-plane
 *
 * The configurations go through the same validation as config/*.json: a mistake stops synth
 * with the field, the value and the fix, before anything is written.
 */
import { App } from "cdktf";
import { addChatbotStacks, parseConfig } from "cdktf-bedrock-chatbot";

const shared = {
  region: "eu-west-1",
  models: ["eu.amazon.nova-lite-v1:0"],
  systemPrompt: "You are a concise, friendly assistant.",
  admin: { principalArns: ["arn:aws:iam::111122223333:role/PlatformTeam"], requireMfa: true },
};

const environments = {
  dev: {
    ...shared,
    name: "chatbot-dev",
    network: { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"] },
    function: { reservedConcurrency: 5 },
    tags: { Environment: "dev" },
  },
  prod: {
    ...shared,
    name: "chatbot-prod",
    network: { vpcCidr: "10.50.0.0/16", subnetCidrs: ["10.50.0.0/24", "10.50.1.0/24", "10.50.2.0/24"], requireSourceVpce: true },
    function: { reservedConcurrency: 50, logRetentionDays: 365 },
    api: { responseMode: "STREAM", throttleRatePerSecond: 50, throttleBurstLimit: 100 },
    stateBackend: { type: "s3", bucket: "acme-terraform-state", region: "eu-west-1", keyPrefix: "chatbot" },
    tags: { Environment: "prod" },
  },
};

const app = new App();
for (const [environment, raw] of Object.entries(environments)) {
  addChatbotStacks(app, parseConfig(raw, `environments.${environment}`));
}
app.synth();
