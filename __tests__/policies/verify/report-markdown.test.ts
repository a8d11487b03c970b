import type { ChatDiagnosis } from "../../../policies/verify/chat-diagnosis";
import { buildReport } from "../../../policies/verify/report";
import { renderVerifyMarkdown } from "../../../policies/verify/report-markdown";
import { simulationOutcome } from "../../../policies/verify/simulation-answers";
import { simulationPlan } from "../../../policies/verify/simulation-plan";
import { verifyTarget } from "../../../policies/verify/target";
import { chatbotRole, type Decide, evaluationResults, outputValues, ROLE_ARN } from "./helpers";

const target = verifyTarget(outputValues(), {}, "terraform output of cdktf.out/stacks/chatbot-test-data-plane");
const answered = (decide: Decide) =>
  simulationPlan(target).map((simulation) =>
    simulationOutcome(simulation, evaluationResults({ PolicySourceArn: ROLE_ARN, ActionNames: [...simulation.actions], ...(simulation.resourceArns ? { ResourceArns: [...simulation.resourceArns] } : {}), ContextEntries: simulation.context.map((entry) => ({ ContextKeyName: entry.key, ContextKeyValues: [...entry.values], ContextKeyType: "string" })) }, decide)),
  );

describe("renderVerifyMarkdown", () => {
  it("a failing proof: the verdict first, then each failure, and the check marked", () => {
    const report = buildReport({ target, caller: "arn:aws:sts::1:assumed-role/a/b", simulations: answered(chatbotRole({ extraAllows: { "bedrock:CreateAgent": ["*"] } })), chatSkipped: "--no-chat" });
    const markdown = renderVerifyMarkdown(report);
    expect(markdown).toMatch(/^## Bedrock plane proof\n\n\*\*Result: FAIL\*\*: 5 failures\.\n/);
    expect(markdown).toContain("### Failures\n\n- the application role may call bedrock:CreateAgent on any resource (decided by operator-attached)\n");
    expect(markdown).toMatch(/\| 1 \| Control-plane actions, .* \| denied \| \d+ \| 1 \/ 1 \/ \d+ \| ❌ not as expected \|/);
    expect(markdown).toContain("Not made: --no-chat.");
  });

  it("a failed chat shows AWS's exact error and the likely cause; pipes in messages cannot break the table", () => {
    const chat: ChatDiagnosis = {
      status: "failed",
      mode: "stream",
      httpStatus: 502,
      code: "UPSTREAM_ERROR",
      message: "The model service failed to answer.",
      apiRequestId: "req-1",
      awsError: { name: "AccessDeniedException", message: "You don't have access | to the model" },
      cause: "model-access",
      likelyCause: "model access is not enabled",
    };
    const markdown = renderVerifyMarkdown(buildReport({ target, caller: "c", simulations: answered(chatbotRole()), chat }));
    expect(markdown).toContain("| Result | ❌ failed: `UPSTREAM_ERROR` The model service failed to answer. |");
    expect(markdown).toContain("| AWS's error | `AccessDeniedException`: You don't have access \\| to the model |");
    expect(markdown).toContain("| Likely cause | model access is not enabled |");
    expect(markdown).toContain("| API request id | `req-1` |");
  });

  it("lists the request context each check passed, by check number", () => {
    const markdown = renderVerifyMarkdown(buildReport({ target, caller: "c", simulations: answered(chatbotRole()), chatSkipped: "--no-chat" }));
    expect(markdown).toContain("- checks 1, 2, 3, 5: aws:SourceVpce = vpce-0123456789abcdef0; aws:SourceVpc = vpc-0123456789abcdef0; bedrock:GuardrailIdentifier = ");
    expect(markdown).toMatch(/- check 4: bedrock:InferenceProfileArn = arn:aws:bedrock:eu-west-1:111122223333:inference-profile\/eu\.anthropic/);
  });
});
