/**
 * What the loader takes from a `cdktf.out` folder: the stacks its manifest lists, nothing a
 * previous synth left behind, and a clear error when the manifest and the folder disagree.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSynthOutput, loadSynthOutputs } from "../../../policies/extract/load";
import { runReview } from "../../../policies/review-cli";
import { allow, CHATBOT_FIXTURE, LAMBDA_TRUST, policyJson } from "../helpers";

const STACKS = ["chatbot-control-plane", "chatbot-data-plane"];

function synthOutput(manifestStacks: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "manifest-"));
  cpSync(CHATBOT_FIXTURE, dir, { recursive: true });
  const stacks = Object.fromEntries(manifestStacks.map((name) => [name, { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, workingDirectory: `stacks/${name}` }]));
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks }));
  return dir;
}

describe("cdktf.out with a manifest", () => {
  it("reads the stacks the manifest lists, in its order", () => {
    expect(loadSynthOutput(synthOutput([...STACKS].reverse())).map((stack) => stack.name)).toEqual([...STACKS].reverse());
  });

  it("ignores a stack folder an earlier synth left behind", () => {
    const dir = synthOutput(STACKS);
    mkdirSync(join(dir, "stacks", "old-stack"), { recursive: true });
    const stale = { resource: { aws_iam_role: { app: { name: "old", assume_role_policy: LAMBDA_TRUST, inline_policy: [{ name: "p", policy: policyJson([allow("bedrock:*")]) }] } } } };
    writeFileSync(join(dir, "stacks", "old-stack", "cdk.tf.json"), JSON.stringify(stale));
    expect(loadSynthOutput(dir).map((stack) => stack.name)).toEqual(STACKS);
    expect(runReview([dir, "--no-checks"]).exitCode).toBe(0);
  });

  it("refuses a manifest that lists a stack the folder does not have", () => {
    const dir = synthOutput([...STACKS, "missing"]);
    expect(() => loadSynthOutput(dir)).toThrow(/manifest\.json: stack missing is listed but .*stacks\/missing\/cdk\.tf\.json does not exist \(synthesize again\)/);
    expect(runReview([dir]).exitCode).toBe(2);
  });

  it("refuses a manifest without stacks", () => {
    const dir = synthOutput(STACKS);
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0" }));
    expect(() => loadSynthOutput(dir)).toThrow(/not a cdktf manifest \(no "stacks" object\)/);
  });
});

describe("several inputs", () => {
  it("refuses two stacks of the same name", () => {
    expect(() => loadSynthOutputs([CHATBOT_FIXTURE, CHATBOT_FIXTURE])).toThrow(/stack name chatbot-control-plane is also the name of/);
  });
});
