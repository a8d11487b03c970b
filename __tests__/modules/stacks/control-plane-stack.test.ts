import { rmSync } from "node:fs";
import { actionsOfPlane, generatingActions, planeOf } from "../../../policies/catalogue/bedrock-actions";
import { loadSynthOutput } from "../../../policies/extract/load";
import { reviewStacks } from "../../../policies/review/review";
import { config, list, only, resources, statementsOf, synthApp } from "../../helpers/terraform";

describe("ControlPlaneStack", () => {
  const { control } = synthApp();

  test("the admin role is assumable only by the principals named in config", () => {
    const [trust, ...rest] = statementsOf(only(control, "aws_iam_role").assume_role_policy);
    expect(rest).toHaveLength(0);
    expect(trust).toMatchObject({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: ["arn:aws:iam::111122223333:role/PlatformTeam"] } });
  });

  test("no trust statement admits a wildcard principal or an account root", () => {
    const text = String(only(control, "aws_iam_role").assume_role_policy);
    expect(text).not.toMatch(/"\*"/);
    expect(text).not.toMatch(/:root"/);
  });

  test("MFA is required when configured, and not otherwise", () => {
    const mfa = synthApp(config({ admin: { principalArns: ["arn:aws:iam::111122223333:role/PlatformTeam"], requireMfa: true } })).control;
    expect(statementsOf(only(mfa, "aws_iam_role").assume_role_policy)[0].Condition).toEqual({ Bool: { "aws:MultiFactorAuthPresent": "true" } });
    expect(statementsOf(only(control, "aws_iam_role").assume_role_policy)[0].Condition).toBeUndefined();
  });

  test("the admin role holds the Bedrock control plane, is tagged control, and keeps only its inline policy", () => {
    const role = only(control, "aws_iam_role");
    expect(role).toMatchObject({ name: "chatbot-test-bedrock-admin", max_session_duration: 3600, tags: { BedrockPlane: "control" } });
    const statements = statementsOf(only(control, "aws_iam_role_policy").policy);
    expect(statements.find((s) => s.Sid === "ConfigureBedrock")).toMatchObject({ Effect: "Allow", Action: ["bedrock:*"] });
    const passRole = statements.find((s) => list(s.Action).includes("iam:PassRole"))!;
    expect(passRole.Condition).toEqual({ StringEquals: { "iam:PassedToService": "bedrock.amazonaws.com" } });
    expect(only(control, "aws_iam_role_policies_exclusive")).toBeDefined();
  });

  describe("denyInference, evaluated on the synthesized admin role by the review's own evaluator", () => {
    const catalogueActionsOf = (cfg: ReturnType<typeof config>) => {
      const { outdir } = synthApp(cfg);
      try {
        const admin = reviewStacks(loadSynthOutput(outdir)).roles.find((role) => role.planeTag === "control")!;
        return admin.grants.filter((grant) => grant.plane === "data" || grant.plane === "control").map((grant) => grant.action);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    };
    const principalArns = ["arn:aws:iam::111122223333:role/PlatformTeam"];
    const strict = catalogueActionsOf(config({ admin: { principalArns, denyInference: true } }));
    const open = catalogueActionsOf(config({ admin: { principalArns } }));

    test("with the switch on, the role reaches no action that makes a model generate, on any endpoint", () => {
      const generating = generatingActions();
      // Batch inference and evaluation run models through the control plane: they must be among them.
      expect(generating).toEqual(expect.arrayContaining(["bedrock:CreateModelInvocationJob", "bedrock:CreateEvaluationJob", "bedrock:InvokeModel"]));
      expect(strict.filter((action) => generating.includes(action))).toEqual([]);
    });

    test("with the switch on, it reaches no data-plane action either", () => {
      expect(strict.filter((action) => planeOf(action) === "data")).toEqual([]);
    });

    test("with the switch on, it keeps every other control-plane action: configuring Bedrock is its job", () => {
      const expected = actionsOfPlane("control").filter((action) => !generatingActions().includes(action));
      expect(strict).toEqual(expected);
      expect(strict).toEqual(expect.arrayContaining(["bedrock:CreateGuardrail", "bedrock:CreateFoundationModelAgreement", "bedrock:StartIngestionJob"]));
    });

    test("with the switch off, the role may run inference, batch jobs included", () => {
      expect(open).toEqual(expect.arrayContaining(["bedrock:InvokeModel", "bedrock:CreateModelInvocationJob", "bedrock:CreateEvaluationJob"]));
      expect(statementsOf(only(control, "aws_iam_role_policy").policy).some((s) => s.Effect === "Deny")).toBe(false);
    });
  });

  test("the guardrail filters harmful content and prompt attacks, and a version is published", () => {
    const guardrail = only(control, "aws_bedrock_guardrail");
    const filters = (guardrail.content_policy_config as { filters_config: { type: string; input_strength: string; output_strength: string }[] }[])[0].filters_config;
    expect(filters.map((f) => f.type).sort()).toEqual(["HATE", "INSULTS", "MISCONDUCT", "PROMPT_ATTACK", "SEXUAL", "VIOLENCE"]);
    expect(filters.filter((f) => f.type !== "PROMPT_ATTACK").every((f) => f.input_strength === "HIGH" && f.output_strength === "HIGH")).toBe(true);
    expect(filters.find((f) => f.type === "PROMPT_ATTACK")).toMatchObject({ input_strength: "HIGH", output_strength: "NONE" });
    const version = only(control, "aws_bedrock_guardrail_version");
    expect(version.guardrail_arn).toMatch(/aws_bedrock_guardrail\..*\.guardrail_arn/);
    expect(version.skip_destroy).toBe(true);
  });

  test("a changed guardrail publishes a new version: replace_triggered_by names it by bare address, as terraform init requires", () => {
    const [guardrailName] = Object.keys((control.resource as Record<string, object>).aws_bedrock_guardrail);
    expect(only(control, "aws_bedrock_guardrail_version").lifecycle).toEqual({ replace_triggered_by: [`aws_bedrock_guardrail.${guardrailName}`] });
  });

  test("outputs feed the data plane: admin role ARN, guardrail id, ARN and version", () => {
    expect(Object.keys(control.output ?? {})).toEqual(expect.arrayContaining(["admin_role_arn", "guardrail_id", "guardrail_arn", "guardrail_version"]));
  });

  test("with the guardrail disabled, no guardrail resource or output exists", () => {
    const plain = synthApp(config({ guardrail: { enabled: false } })).control;
    expect(resources(plain, "aws_bedrock_guardrail")).toHaveLength(0);
    expect(plain.output).not.toHaveProperty("guardrail_id");
  });
});
