/**
 * The outputs of both stacks, with their descriptions, from a synth of a configuration that
 * turns every optional output on. Used by the API reference, docs/reference.md (scripts/api-reference.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { parseConfig } from "../config/schema";
import { addChatbotStacks } from "../modules/stacks/chatbot-stacks";
import type { OutputDoc } from "./api-reference";

/** Every option that adds an output is on; the values are placeholders. */
const ALL_OUTPUTS_CONFIG = {
  name: "chatbot",
  region: "eu-west-1",
  models: ["eu.amazon.nova-lite-v1:0"],
  admin: { principalArns: ["arn:aws:iam::111122223333:role/PlatformTeam"] },
  network: { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"], controlPlaneEndpoint: { cidrBlocks: ["10.40.8.0/24"] } },
  api: { usagePlan: { quotaLimit: 1000 } },
  alarms: { createTopic: true },
};

export function stackOutputs(): OutputDoc[] {
  const outdir = mkdtempSync(join(tmpdir(), "chatbot-outputs-"));
  try {
    const app = new App({ outdir });
    const stacks = addChatbotStacks(app, parseConfig(ALL_OUTPUTS_CONFIG, "reference"), { bundler: () => ({ code: Buffer.from("exports.handler = () => {};") }) });
    app.synth();
    return [stacks.controlPlane, stacks.dataPlane].flatMap((stack) => {
      const json = JSON.parse(readFileSync(join(outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8")) as { output?: Record<string, { description?: string }> };
      const kind = stack.node.id.replace(/^chatbot-/, "");
      // cdktf's own cross-stack plumbing is not part of the interface.
      return Object.entries(json.output ?? {})
        .filter(([name]) => !name.startsWith("cross-stack-output-"))
        .map(([name, output]) => ({ stack: kind, name, description: output.description ?? "" }));
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
