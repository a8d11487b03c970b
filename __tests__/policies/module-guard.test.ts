/**
 * The key test: for every combination of the module's feature flags, synthesize both stacks for
 * real and run the guard (extractor + evaluator) over the output. No application role may hold a
 * Bedrock action outside its data-plane allow-list, and each endpoint policy must admit only its
 * intended principal: the runtime endpoint the application role, the control-plane endpoint the
 * admin role (a cross-stack reference). Roles are found by property (tag), never by name.
 */
import { rmSync } from "node:fs";
import { APP_DATA_PLANE_ACTIONS, Bedrock } from "../../policies/catalogue/bedrock-actions";
import { loadSynthOutput } from "../../policies/extract/load";
import { endpointAdmitsOnly, reviewStacks, type Review, type ReviewedRole } from "../../policies/review/review";
import { BASE_CONFIG, BASE_MODEL, config, synthApp } from "../helpers/terraform";

interface Flags {
  guardrail: "off" | "optional" | "required";
  controlPlaneEndpoint: boolean;
  requireSourceVpce: boolean;
  denyInference: boolean;
  requireMfa: boolean;
  authorization: "AWS_IAM" | "NONE";
  responseMode: "BUFFERED" | "STREAM";
}

/** Model mixes: a foundation model, a geographic inference profile (plus a model), a global profile. */
const MODEL_SETS = [[BASE_MODEL], ["eu.anthropic.claude-sonnet-4-20250514-v1:0", BASE_MODEL], ["global.anthropic.claude-sonnet-4-5-20250929-v1:0"]];

function allFlagCombinations(): Flags[] {
  const combinations: Flags[] = [];
  for (const guardrail of ["off", "optional", "required"] as const)
    for (const controlPlaneEndpoint of [false, true])
      for (const requireSourceVpce of [false, true])
        for (const denyInference of [false, true])
          for (const requireMfa of [false, true])
            for (const authorization of ["AWS_IAM", "NONE"] as const)
              for (const responseMode of ["BUFFERED", "STREAM"] as const) combinations.push({ guardrail, controlPlaneEndpoint, requireSourceVpce, denyInference, requireMfa, authorization, responseMode });
  return combinations;
}

function configFor(flags: Flags, models: readonly string[]) {
  return config({
    models,
    admin: { principalArns: BASE_CONFIG.admin.principalArns, requireMfa: flags.requireMfa, denyInference: flags.denyInference },
    guardrail: { enabled: flags.guardrail !== "off", required: flags.guardrail === "required" },
    network: { ...BASE_CONFIG.network, controlPlaneEndpoint: flags.controlPlaneEndpoint && { securityGroupIds: ["sg-0c1d2e3f"] }, requireSourceVpce: flags.requireSourceVpce },
    api: { authorization: flags.authorization, responseMode: flags.responseMode },
  });
}

function guard(flags: Flags, models: readonly string[]): Review {
  const { outdir } = synthApp(configFor(flags, models));
  try {
    return reviewStacks(loadSynthOutput(outdir));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const key = (role: ReviewedRole) => `${role.stack}/${role.address}`;
const cases = allFlagCombinations().map((flags, index) => ({ flags, models: MODEL_SETS[index % MODEL_SETS.length], label: JSON.stringify(flags) }));

describe("policy guard over every feature-flag combination", () => {
  it("covers every combination", () => {
    expect(cases).toHaveLength(3 * 2 ** 4 * 2 * 2);
  });

  it.each(cases)("$label", ({ flags, models }) => {
    const review = guard(flags, models);

    expect(review.violations).toEqual([]);

    // Exactly one application role, the one tagged data; the admin role is never one.
    const applicationRoles = review.roles.filter((role) => role.application);
    expect(applicationRoles.map((role) => role.planeTag)).toEqual(["data"]);
    const [appRole] = applicationRoles;
    const adminRole = review.roles.find((role) => role.planeTag === "control");
    if (!adminRole) throw new Error("no role tagged BedrockPlane = control in the synth output");
    expect(adminRole.application).toBe(false);

    // Its Bedrock actions: inside the allow-list; ApplyGuardrail exactly when a guardrail exists.
    const bedrock = appRole.grants.filter((grant) => grant.action.toLowerCase().startsWith("bedrock:")).map((grant) => grant.action);
    expect(bedrock.every((action) => APP_DATA_PLANE_ACTIONS.includes(action))).toBe(true);
    expect(bedrock).toEqual(expect.arrayContaining([Bedrock.InvokeModel, Bedrock.InvokeModelWithResponseStream]));
    expect(bedrock.includes(Bedrock.ApplyGuardrail)).toBe(flags.guardrail !== "off");
    expect(appRole.unresolved).toEqual([]);

    // Endpoints: the runtime one admits only the app role, the optional control one only the admin role.
    const byService = (suffix: string) => review.endpoints.filter((endpoint) => endpoint.serviceName.endsWith(`.${suffix}`));
    const [runtime, ...moreRuntime] = byService("bedrock-runtime");
    expect(moreRuntime).toHaveLength(0);
    expect(endpointAdmitsOnly(runtime, key(appRole))).toEqual({ ok: true, unexpected: [] });
    const control = byService("bedrock");
    expect(control).toHaveLength(flags.controlPlaneEndpoint ? 1 : 0);
    for (const endpoint of control) expect(endpointAdmitsOnly(endpoint, key(adminRole))).toEqual({ ok: true, unexpected: [] });
    expect(review.endpoints).toHaveLength(flags.controlPlaneEndpoint ? 2 : 1);
  });
});

describe("policy guard over the real stacks, mutated", () => {
  // One synth of the default configuration; each test edits a parsed copy of its data-plane stack.
  const { outdir } = synthApp(configFor({ guardrail: "required", controlPlaneEndpoint: true, requireSourceVpce: false, denyInference: false, requireMfa: true, authorization: "AWS_IAM", responseMode: "STREAM" }, MODEL_SETS[1]));
  const pristine = loadSynthOutput(outdir);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  /** A deep copy of the stacks, with `edit` applied to every policy string that mentions `bedrock:InvokeModel` in an app-side resource. */
  function widen(types: readonly string[]) {
    const stacks = JSON.parse(JSON.stringify(pristine)) as typeof pristine;
    for (const stack of stacks) {
      for (const type of types) {
        for (const block of Object.values((stack.config.resource?.[type] ?? {}) as Record<string, { policy?: string }>)) {
          if (typeof block.policy !== "string" || !block.policy.includes("bedrock:InvokeModel")) continue;
          const document = JSON.parse(block.policy);
          document.Statement.push({ Sid: "Injected", Effect: "Allow", Action: ["bedrock:CreateGuardrail"], Resource: "*" });
          block.policy = JSON.stringify(document);
        }
      }
    }
    return reviewStacks(stacks);
  }

  it("is quiet on the unmodified output", () => {
    expect(reviewStacks(pristine).violations).toEqual([]);
  });

  it("catches a control-plane grant added to the app role's policies when its boundary (if any) lets it through", () => {
    const result = widen(["aws_iam_role_policy", "aws_iam_policy"]);
    expect(result.violations).toEqual([expect.objectContaining({ action: "bedrock:CreateGuardrail", role: expect.stringMatching(/^aws_iam_role\./) })]);
  });

  it("reports whether a permissions boundary holds back a grant added to the role policy alone", () => {
    const result = widen(["aws_iam_role_policy"]);
    const appRole = result.roles.find((role) => role.application)!;
    // With a resolvable boundary that lacks the action, IAM denies it, and so does the guard; without one, it is a violation.
    expect(result.violations.length > 0).toBe(appRole.boundary.status !== "applied");
  });
});
