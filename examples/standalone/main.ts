/**
 * Example 1: the standalone app, written as code instead of a JSON configuration.
 *
 * Two stacks: the control plane (admin role + guardrail, run by the platform team) and the data
 * plane (private VPC, bedrock-runtime endpoint, app role, chat function, API). The data plane
 * reads the guardrail and the admin role from the control plane; cdktf wires the cross-stack
 * references through outputs and remote state.
 *
 *   npx cdktf synth        (from this folder; or: npx tsx examples/standalone/main.ts)
 */
import { App } from "cdktf";
import { ControlPlaneStack, DataPlaneStack } from "cdktf-bedrock-chatbot";

const app = new App();

const controlPlane = new ControlPlaneStack(app, "support-bot-control-plane", {
  namePrefix: "support-bot",
  region: "us-east-1",
  admin: { principalArns: ["arn:aws:iam::111122223333:role/PlatformTeam"], requireMfa: true },
  guardrail: { contentFilterStrength: "HIGH" },
  defaultTags: { Team: "support" },
});

const dataPlane = new DataPlaneStack(app, "support-bot-data-plane", {
  namePrefix: "support-bot",
  region: "us-east-1",
  // A US cross-region inference profile: the app role gets the profile and the foundation model
  // in each destination region, nothing else.
  models: [{ modelId: "us.amazon.nova-lite-v1:0" }],
  systemPrompt: "You answer questions about our product. Be brief and friendly.",
  network: { vpcCidr: "10.60.0.0/16", subnetCidrs: ["10.60.0.0/24", "10.60.1.0/24"] },
  guardrail: controlPlane.guardrail,
  api: { responseMode: "STREAM" },
  defaultTags: { Team: "support" },
});
dataPlane.addDependency(controlPlane);

app.synth();
