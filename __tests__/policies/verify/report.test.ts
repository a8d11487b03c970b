import type { ChatDiagnosis } from "../../../policies/verify/chat-diagnosis";
import { buildReport } from "../../../policies/verify/report";
import { simulationOutcome } from "../../../policies/verify/simulation-answers";
import { simulationPlan } from "../../../policies/verify/simulation-plan";
import { verifyTarget } from "../../../policies/verify/target";
import { chatbotRole, type Decide, evaluationResults, outputValues, ROLE_ARN } from "./helpers";

const target = verifyTarget(outputValues(), {}, "terraform output of cdktf.out/stacks/chatbot-test-data-plane");

function simulations(decide: Decide) {
  return simulationPlan(target).map((simulation) =>
    simulationOutcome(simulation, evaluationResults({ PolicySourceArn: ROLE_ARN, ActionNames: [...simulation.actions], ...(simulation.resourceArns ? { ResourceArns: [...simulation.resourceArns] } : {}), ContextEntries: simulation.context.map((entry) => ({ ContextKeyName: entry.key, ContextKeyValues: [...entry.values], ContextKeyType: "string" })) }, decide)),
  );
}

const CALLER = "arn:aws:sts::111122223333:assumed-role/PlatformTeam/alice";

describe("buildReport", () => {
  it("passes with nothing failing; the target, the caller and every simulation are in it", () => {
    const report = buildReport({ target, caller: CALLER, simulations: simulations(chatbotRole()), chatSkipped: "--no-chat" });
    expect(report).toMatchObject({ schemaVersion: 1, tool: "bedrock-plane-verify", verdict: "pass", failures: [], warnings: [], caller: CALLER });
    expect(report.target).toEqual({
      source: "terraform output of cdktf.out/stacks/chatbot-test-data-plane",
      accountId: "111122223333",
      region: "eu-west-1",
      roleArn: ROLE_ARN,
      modelIds: target.modelIds,
      guardrailIdentifier: `${target.guardrail!.arn}:1`,
      apiUrl: target.apiUrl,
      authorization: "AWS_IAM",
    });
    expect(report.simulations.map((summary) => summary.id)).toEqual(simulationPlan(target).map((simulation) => simulation.id));
    expect(report.chat).toEqual({ modelId: target.modelIds[0], skipped: "--no-chat", notCallable: [target.modelIds[1]] });
  });

  it("lists at most 20 failures a simulation and says how many more there are; the JSON keeps them all", () => {
    const everything: Decide = () => ({ decision: "allowed", policy: "AdministratorAccess" });
    const report = buildReport({ target, caller: CALLER, simulations: simulations(everything), chatSkipped: "--no-chat" });
    expect(report.verdict).toBe("fail");
    const anyResource = report.simulations.find((summary) => summary.id === "forbidden-any-resource")!;
    expect(anyResource.unexpected.length).toBe(anyResource.asked);
    expect(report.failures.filter((line) => line.endsWith("on any resource (decided by AdministratorAccess)"))).toHaveLength(20);
    expect(report.failures).toContain(`… and ${anyResource.asked - 20} more in "forbidden-any-resource" (see --format json)`);
  });

  it("a failed chat is a failure; an inconclusive one a warning", () => {
    const failed: ChatDiagnosis = { status: "failed", mode: "buffered", httpStatus: 502, code: "UPSTREAM_ERROR", awsError: { name: "AccessDeniedException" }, likelyCause: "model access is not enabled" };
    expect(buildReport({ target, caller: CALLER, simulations: simulations(chatbotRole()), chat: failed })).toMatchObject({
      verdict: "fail",
      failures: [`the chat call to ${target.modelIds[0]} failed (502 UPSTREAM_ERROR AccessDeniedException): model access is not enabled`],
    });
    const throttled: ChatDiagnosis = { status: "inconclusive", mode: "buffered", httpStatus: 429, code: "THROTTLED", likelyCause: "Bedrock throttled the model" };
    const report = buildReport({ target, caller: CALLER, simulations: simulations(chatbotRole()), chat: throttled });
    expect(report.verdict).toBe("pass");
    expect(report.warnings).toEqual([`the chat call to ${target.modelIds[0]} was not answered (429 THROTTLED): Bedrock throttled the model; the split is proved, the chat is not: run again later`]);
  });

  it("says whether the role's credentials work outside the VPC", () => {
    expect(buildReport({ target, caller: CALLER, simulations: simulations(chatbotRole()), chatSkipped: "x" }).notes[0]).toMatch(/^InvokeModel is refused without the bedrock-runtime endpoint/);
    expect(buildReport({ target, caller: CALLER, simulations: simulations(chatbotRole({ requireSourceVpce: false })), chatSkipped: "x" }).notes[0]).toMatch(/could call the configured models$/);
  });
});
