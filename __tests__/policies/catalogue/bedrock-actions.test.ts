import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { APP_DATA_PLANE_ACTIONS, BEDROCK_ACTIONS, actionsOfPlane, planeOf } from "../../../policies/catalogue/bedrock-actions";

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
});
