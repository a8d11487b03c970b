import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APP_DATA_PLANE_ACTIONS, BEDROCK_ACTIONS, actionsOfPlane, generatingActions, lookupBedrockAction, planeOf } from "../../../policies/catalogue/bedrock-actions";

describe("Bedrock action catalogue", () => {
  test("ships all 262 actions, each with a plane", () => {
    expect(BEDROCK_ACTIONS).toHaveLength(262);
    expect(actionsOfPlane("data").length + actionsOfPlane("control").length).toBe(262);
  });

  test("the app's actions are data plane; configuration actions are control plane", () => {
    for (const action of APP_DATA_PLANE_ACTIONS) expect(planeOf(action)).toBe("data");
    for (const action of ["bedrock:CreateGuardrail", "bedrock:PutModelInvocationLoggingConfiguration", "bedrock:InvokeBuilder", "bedrock:GetFoundationModel"]) {
      expect(planeOf(action)).toBe("control");
    }
  });

  test("lookup is case-insensitive and an unknown action is control plane (fail closed)", () => {
    expect(planeOf("BEDROCK:invokemodel")).toBe("data");
    expect(planeOf("bedrock:SomethingLaunchedNextYear")).toBe("control");
  });

  const shared = join(__dirname, "..", "..", "..", "..", "shared", "data", "bedrock-iam-actions.json");
  (existsSync(shared) ? test : test.skip)("matches the team's shared catalogue when it is beside the repo", () => {
    const source = JSON.parse(readFileSync(shared, "utf8")) as { actions: { action: string; plane: string }[] };
    const ours = new Map(BEDROCK_ACTIONS.map((a) => [a.action, a.plane]));
    expect(new Map(source.actions.map((a) => [a.action, a.plane]))).toEqual(ours);
  });

  describe("generates: whether an action makes a model generate, on any endpoint", () => {
    test("inference on the runtime endpoints and the control-plane jobs and builders that run models", () => {
      expect(generatingActions()).toEqual(
        expect.arrayContaining([
          "bedrock:InvokeModel",
          "bedrock:InvokeModelWithResponseStream",
          "bedrock:InvokeAgent",
          "bedrock:InvokeFlow",
          "bedrock:RetrieveAndGenerate",
          "bedrock:OptimizePrompt",
          "bedrock:InvokeDataAutomation",
          "bedrock:CreateModelInvocationJob",
          "bedrock:CreateEvaluationJob",
          "bedrock:CreateModelCustomizationJob",
          "bedrock:CreateAdvancedPromptOptimizationJob",
          "bedrock:StartAutomatedReasoningPolicyBuildWorkflow",
          "bedrock:InvokeBuilder",
        ]),
      );
    });

    test("configuration, reads and sessions do not generate", () => {
      for (const action of ["bedrock:CreateGuardrail", "bedrock:GetFoundationModel", "bedrock:CreateProvisionedModelThroughput", "bedrock:CreateSession", "bedrock:CountTokens", "bedrock:Retrieve"]) {
        expect(generatingActions()).not.toContain(action);
      }
    });

    test("every decision carries its reason; a borderline one that does not count says so", () => {
      const decided = BEDROCK_ACTIONS.filter((entry) => entry.generates !== undefined);
      for (const entry of decided) expect(entry.generatesNote).toEqual(expect.stringMatching(/\w/));
      expect(BEDROCK_ACTIONS.filter((entry) => entry.generatesNote !== undefined && entry.generates === undefined)).toEqual([]);
      expect(lookupBedrockAction("bedrock:Rerank")).toMatchObject({ generates: false, generatesNote: expect.stringMatching(/^borderline: /) });
    });

    const python = (() => {
      try {
        execFileSync("python3", ["--version"], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    })();
    (existsSync(shared) && python ? test : test.skip)("scripts/update-catalogue.py keeps the field when it refreshes from the shared catalogue", () => {
      const dir = mkdtempSync(join(tmpdir(), "catalogue-"));
      try {
        const ours = join(__dirname, "..", "..", "..", "policies", "catalogue", "bedrock-iam-actions.json");
        const copy = join(dir, "bedrock-iam-actions.json");
        writeFileSync(copy, readFileSync(ours));
        execFileSync("python3", [join(__dirname, "..", "..", "..", "scripts", "update-catalogue.py"), shared, copy], { stdio: "ignore" });
        expect(readFileSync(copy, "utf8")).toEqual(readFileSync(ours, "utf8"));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
