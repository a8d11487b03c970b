import fc from "fast-check";
import { APP_DATA_PLANE_ACTIONS, BEDROCK_ACTIONS, Bedrock } from "../../../policies/catalogue/bedrock-actions";
import { checkApplicationPermissions } from "../../../policies/evaluator/app-role-rule";
import { bedrockGrants, grantsFor, mayPerform, otherGrants } from "../../../policies/evaluator/evaluate";
import { allow, deny, permissionsOf, sourcedStatements } from "../helpers";

/** The catalogue actions granted (wildcards' "may match unlisted actions" entries are tested apart). */
const bedrockActionsOf = (statements: Parameters<typeof permissionsOf>[0], boundary?: Parameters<typeof permissionsOf>[1]) =>
  bedrockGrants(permissionsOf(statements, boundary))
    .filter((grant) => grant.plane !== "unlisted")
    .map((grant) => grant.action);
const unlistedOf = (statements: Parameters<typeof permissionsOf>[0], boundary?: Parameters<typeof permissionsOf>[1]) =>
  bedrockGrants(permissionsOf(statements, boundary))
    .filter((grant) => grant.plane === "unlisted")
    .map((grant) => grant.action);
const controlActions = BEDROCK_ACTIONS.filter((entry) => entry.plane === "control").map((entry) => entry.action);

describe("evaluator: Allow and Action patterns", () => {
  it("grants exactly the named data-plane actions for the module's own statements", () => {
    expect(bedrockActionsOf([allow([Bedrock.InvokeModel, Bedrock.InvokeModelWithResponseStream], { Resource: "arn:aws:bedrock:eu-west-1::foundation-model/x" })]).sort()).toEqual(
      [Bedrock.InvokeModel, Bedrock.InvokeModelWithResponseStream].sort(),
    );
  });

  it("expands bedrock:Invoke* to control-plane actions such as InvokeBuilder (a prefix check misses them)", () => {
    const actions = bedrockActionsOf([allow("bedrock:Invoke*")]);
    expect(actions).toEqual(expect.arrayContaining(["bedrock:InvokeBuilder", "bedrock:InvokeModel"]));
  });

  it("expands bedrock:*Model* to model-management actions", () => {
    const actions = bedrockActionsOf([allow("bedrock:*Model*")]);
    expect(actions).toEqual(expect.arrayContaining(["bedrock:CreateModelCustomizationJob", "bedrock:PutModelInvocationLoggingConfiguration", "bedrock:InvokeModel"]));
    expect(actions).not.toContain("bedrock:CreateGuardrail");
  });

  it("matches ? as one character", () => {
    expect(bedrockActionsOf([allow("bedrock:GetGuardrai?")])).toEqual(["bedrock:GetGuardrail"]);
  });

  it("is case-insensitive", () => {
    expect(bedrockActionsOf([allow("BEDROCK:createguardrail")])).toEqual(["bedrock:CreateGuardrail"]);
  });

  it("counts a bare * as every Bedrock action and every other service", () => {
    const permissions = permissionsOf([allow("*")]);
    expect(bedrockGrants(permissions).filter((grant) => grant.plane !== "unlisted")).toHaveLength(BEDROCK_ACTIONS.length);
    expect(mayPerform(permissions, "aws-marketplace:Subscribe")).toBe(true);
    expect(mayPerform(permissions, "iam:PassRole")).toBe(true);
  });

  it("reports a literal bedrock: action missing from the catalogue as unlisted (control plane by default)", () => {
    const grants = bedrockGrants(permissionsOf([allow("bedrock:CreateSomethingNew")]));
    expect(grants).toEqual([expect.objectContaining({ action: "bedrock:CreateSomethingNew", plane: "unlisted" })]);
  });

  it("keeps a bedrock wildcard's unlisted part when a boundary allows a wildcard", () => {
    const boundary = { kind: "resolved" as const, source: "b", statements: sourcedStatements([allow("bedrock:Invoke*")], "b") };
    expect(unlistedOf([allow("bedrock:*")], boundary)).toEqual(["bedrock:*"]);
  });

  it("reports a bedrock wildcard as possibly matching unlisted actions", () => {
    const grants = bedrockGrants(permissionsOf([allow("bedrock:InvokeModel*")]));
    expect(grants).toEqual(expect.arrayContaining([expect.objectContaining({ action: "bedrock:InvokeModel*", plane: "unlisted" })]));
  });

  it("grants nothing through a non-action such as bedrock:Converse", () => {
    expect(bedrockActionsOf([allow("bedrock:Converse")])).toEqual([]);
  });

  it("names the statement and the pattern behind each grant", () => {
    const [grant] = grantsFor(permissionsOf([allow("s3:GetObject", { Sid: "Read" }), allow(["logs:*", "bedrock:Get*"], { Sid: "Broad" })]), "bedrock:GetGuardrail");
    expect(grant).toEqual(expect.objectContaining({ matchedBy: "bedrock:Get*", ref: expect.objectContaining({ sid: "Broad", index: 1 }) }));
  });

  it("keeps resources with the grant and still counts a narrow-resource grant", () => {
    const [grant] = grantsFor(permissionsOf([allow("bedrock:CreateGuardrail", { Resource: "arn:aws:bedrock:eu-west-1:1:guardrail/x" })]), "bedrock:CreateGuardrail");
    expect(grant.resources).toEqual(["arn:aws:bedrock:eu-west-1:1:guardrail/x"]);
  });

  it("lists non-Bedrock patterns with their statements", () => {
    expect(otherGrants(permissionsOf([allow(["logs:PutLogEvents", "bedrock:InvokeModel"])])).map((grant) => grant.pattern)).toEqual(["logs:PutLogEvents"]);
  });
});

describe("evaluator: NotAction", () => {
  it("Allow + NotAction grants every action not listed, in every service", () => {
    const permissions = permissionsOf([{ Effect: "Allow", NotAction: ["s3:*"], Resource: "*" }]);
    expect(mayPerform(permissions, "bedrock:CreateGuardrail")).toBe(true);
    expect(mayPerform(permissions, "aws-marketplace:Subscribe")).toBe(true);
    expect(mayPerform(permissions, "iam:PassRole")).toBe(true);
    expect(mayPerform(permissions, "s3:GetObject")).toBe(false);
  });

  it("Allow + NotAction on the control plane's name still grants control actions it does not list", () => {
    const actions = bedrockActionsOf([{ Effect: "Allow", NotAction: ["bedrock:CreateGuardrail"], Resource: "*" }]);
    expect(actions).not.toContain("bedrock:CreateGuardrail");
    expect(actions).toContain("bedrock:DeleteGuardrail");
  });

  it("Deny + NotAction (no condition, Resource *) removes everything but the listed actions", () => {
    const statements = [allow("bedrock:*"), { Effect: "Deny" as const, NotAction: [Bedrock.InvokeModel], Resource: "*" }];
    expect(bedrockActionsOf(statements)).toEqual([Bedrock.InvokeModel]);
    expect(unlistedOf(statements)).toEqual([]);
  });
});

describe("evaluator: Deny", () => {
  it("an unconditional Deny on Resource * removes the action", () => {
    expect(bedrockActionsOf([allow("bedrock:*Guardrail"), deny("bedrock:CreateGuardrail")])).not.toContain("bedrock:CreateGuardrail");
  });

  it("a Deny wildcard removes every action it covers", () => {
    const permissions = permissionsOf([allow("*"), deny("aws-marketplace:*")]);
    expect(mayPerform(permissions, "aws-marketplace:Subscribe")).toBe(false);
    expect(mayPerform(permissions, "aws-marketplace:*")).toBe(false);
  });

  it("a Deny with a condition does not remove the action (it may not apply)", () => {
    const statements = [allow("bedrock:CreateGuardrail"), deny("bedrock:CreateGuardrail", { Condition: { Bool: { "aws:ViaAWSService": "false" } } })];
    expect(bedrockActionsOf(statements)).toContain("bedrock:CreateGuardrail");
  });

  it("a Deny on specific resources does not remove the action", () => {
    expect(bedrockActionsOf([allow("bedrock:CreateGuardrail"), deny("bedrock:CreateGuardrail", { Resource: "arn:aws:bedrock:*:*:guardrail/prod" })])).toContain("bedrock:CreateGuardrail");
  });

  it("a Deny with NotResource does not remove the action", () => {
    const statements = [allow("bedrock:CreateGuardrail"), { Effect: "Deny" as const, Action: "bedrock:CreateGuardrail", NotResource: "arn:aws:bedrock:*:*:guardrail/x" }];
    expect(bedrockActionsOf(statements)).toContain("bedrock:CreateGuardrail");
  });

  it("a Deny on a non-action (bedrock:Converse) denies nothing: InvokeModel stays granted", () => {
    const statements = [allow([Bedrock.InvokeModel, Bedrock.InvokeModelWithResponseStream]), deny(["bedrock:Converse", "bedrock:ConverseStream"])];
    expect(bedrockActionsOf(statements).sort()).toEqual([Bedrock.InvokeModel, Bedrock.InvokeModelWithResponseStream].sort());
  });

  it("a Deny that covers only part of a wildcard grant leaves the rest", () => {
    const permissions = permissionsOf([allow("aws-marketplace:*"), deny("aws-marketplace:Subscribe")]);
    expect(mayPerform(permissions, "aws-marketplace:Subscribe")).toBe(false);
    expect(mayPerform(permissions, "aws-marketplace:*")).toBe(true);
  });
});

describe("evaluator: conditions on Allow", () => {
  it("a conditional Allow still grants, reported as conditional", () => {
    const [grant] = bedrockGrants(permissionsOf([allow("bedrock:CreateGuardrail", { Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } })]));
    expect(grant).toEqual(expect.objectContaining({ action: "bedrock:CreateGuardrail", conditional: true }));
  });

  it("a grant is unconditional when any granting statement has no condition", () => {
    const [grant] = bedrockGrants(permissionsOf([allow(Bedrock.InvokeModel, { Condition: { Bool: { "aws:SecureTransport": "true" } } }), allow(Bedrock.InvokeModel)]));
    expect(grant.conditional).toBe(false);
  });
});

describe("evaluator: permissions boundary", () => {
  const boundary = (statements: Parameters<typeof sourcedStatements>[0]) => ({ kind: "resolved" as const, source: "boundary", statements: sourcedStatements(statements, "boundary") });

  it("filters the identity grants to what the boundary allows", () => {
    const actions = bedrockActionsOf([allow("bedrock:*")], boundary([allow(APP_DATA_PLANE_ACTIONS as string[])]));
    expect(actions.sort()).toEqual([...APP_DATA_PLANE_ACTIONS].sort());
    expect(unlistedOf([allow("bedrock:*")], boundary([allow(APP_DATA_PLANE_ACTIONS as string[])]))).toEqual([]);
  });

  it("applies the boundary's own unconditional Deny", () => {
    const actions = bedrockActionsOf([allow("bedrock:*Guardrail")], boundary([allow("*"), deny("bedrock:CreateGuardrail")]));
    expect(actions).not.toContain("bedrock:CreateGuardrail");
    expect(actions).toContain("bedrock:GetGuardrail");
  });

  it("grants nothing the identity policy does not (a boundary never adds)", () => {
    expect(bedrockActionsOf([allow(Bedrock.InvokeModel)], boundary([allow("*")]))).toEqual([Bedrock.InvokeModel]);
  });

  it("ignores an unresolvable boundary instead of letting it hide a grant", () => {
    const permissions = permissionsOf([allow("bedrock:CreateGuardrail")], { kind: "unresolvable", source: "x", reason: "remote state" });
    expect(permissions.boundary.status).toBe("ignored");
    expect(mayPerform(permissions, "bedrock:CreateGuardrail")).toBe(true);
  });

  it("reads a boundary Action it cannot resolve as *, never as a filter", () => {
    expect(bedrockActionsOf([allow("bedrock:CreateGuardrail")], boundary([allow("${var.allowed}")]))).toEqual(["bedrock:CreateGuardrail"]);
  });
});

describe("evaluator: actions without a resource type", () => {
  const MODELS = "arn:aws:bedrock:*::foundation-model/*";

  it("are granted only by a statement whose Resource matches *", () => {
    expect(mayPerform(permissionsOf([allow("bedrock:ListFoundationModels", { Resource: MODELS })]), "bedrock:ListFoundationModels")).toBe(false);
    expect(mayPerform(permissionsOf([allow("bedrock:ListFoundationModels")]), "bedrock:ListFoundationModels")).toBe(true);
    expect(mayPerform(permissionsOf([allow("bedrock:ListFoundationModels", { Resource: [MODELS, "arn:*"] })]), "bedrock:ListFoundationModels")).toBe(false);
  });

  it("a Resource the review cannot read may be *, and a NotResource that does not exclude * applies to it", () => {
    expect(mayPerform(permissionsOf([allow("bedrock:ListFoundationModels", { Resource: "${var.resources}" })]), "bedrock:ListFoundationModels")).toBe(true);
    expect(mayPerform(permissionsOf([{ Effect: "Allow", Action: "bedrock:ListFoundationModels", NotResource: MODELS }]), "bedrock:ListFoundationModels")).toBe(true);
    expect(mayPerform(permissionsOf([{ Effect: "Allow", Action: "bedrock:ListFoundationModels", NotResource: "*" }]), "bedrock:ListFoundationModels")).toBe(false);
  });

  it("bedrock:* on model ARNs reaches the actions with a resource type, not the List calls", () => {
    const actions = bedrockActionsOf([allow("bedrock:*", { Resource: MODELS })]);
    expect(actions).toEqual(expect.arrayContaining(["bedrock:InvokeModel", "bedrock:GetFoundationModel", "bedrock:CreateGuardrail"]));
    expect(actions).not.toContain("bedrock:ListFoundationModels");
    expect(actions).not.toContain("bedrock:ListInferenceProfiles");
    // A wildcard still reaches what the catalogue does not list: those may have no resource type, or one.
    expect(unlistedOf([allow("bedrock:*", { Resource: MODELS })])).toEqual(["bedrock:*"]);
  });

  it("a boundary scoped to model ARNs does not allow them either", () => {
    const boundary = { kind: "resolved" as const, source: "boundary", statements: sourcedStatements([allow(["bedrock:InvokeModel", "bedrock:ListFoundationModels"], { Resource: MODELS })], "boundary") };
    expect(bedrockActionsOf([allow(["bedrock:InvokeModel", "bedrock:ListFoundationModels"])], boundary)).toEqual(["bedrock:InvokeModel"]);
  });

  it("the catalogue carries a resource type list for every action, and ListFoundationModels has none", () => {
    expect(BEDROCK_ACTIONS.every((entry) => Array.isArray(entry.resourceTypes))).toBe(true);
    expect(BEDROCK_ACTIONS.find((entry) => entry.action === "bedrock:ListFoundationModels")?.resourceTypes).toEqual([]);
    expect(BEDROCK_ACTIONS.find((entry) => entry.action === "bedrock:InvokeModel")?.resourceTypes.length).toBeGreaterThan(0);
  });
});

describe("evaluator: unresolvable Actions", () => {
  it("keeps an Allow whose Action is an expression aside as unresolved", () => {
    const permissions = permissionsOf([allow("${var.actions}")]);
    expect(permissions.unresolvedActions).toEqual([expect.objectContaining({ expression: "${var.actions}" })]);
  });

  it("does not trust a Deny whose Action is an expression", () => {
    expect(bedrockActionsOf([allow("bedrock:CreateGuardrail"), deny("${var.denied}")])).toContain("bedrock:CreateGuardrail");
  });
});

describe("application-role rule", () => {
  const kinds = (statements: Parameters<typeof permissionsOf>[0]) => checkApplicationPermissions(permissionsOf(statements)).map((finding) => `${finding.kind} ${finding.action}`);

  it("accepts the allowed data-plane actions", () => {
    expect(kinds([allow(APP_DATA_PLANE_ACTIONS as string[]), allow("logs:PutLogEvents")])).toEqual([]);
  });

  it("flags control-plane actions, other data-plane actions, marketplace, PassRole and unresolved Actions", () => {
    expect(kinds([allow("bedrock:CreateGuardrail")])).toEqual(["control-plane bedrock:CreateGuardrail"]);
    expect(kinds([allow("bedrock:InvokeAgent")])).toEqual(["data-plane-outside-chatbot bedrock:InvokeAgent"]);
    expect(kinds([allow("aws-marketplace:Subscribe")])).toEqual(["marketplace aws-marketplace:Subscribe"]);
    expect(kinds([allow("iam:*")])).toEqual(["pass-role iam:PassRole"]);
    expect(kinds([allow("${var.x}")])).toEqual(["unresolvable ${var.x}"]);
  });

  it("flags a wildcard even when today's catalogue only matches allowed actions", () => {
    expect(kinds([allow("bedrock:InvokeModelWith*")])).toEqual(["wildcard-bedrock bedrock:InvokeModelWith*"]);
  });

  it("honours a custom allow-list", () => {
    const findings = checkApplicationPermissions(permissionsOf([allow("bedrock:InvokeAgent")]), { allowedBedrockActions: ["bedrock:InvokeAgent"] });
    expect(findings).toEqual([]);
  });

  it("property: any Allow whose pattern matches a control action is reported", () => {
    const mangle = fc.tuple(fc.constantFrom(...controlActions), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.boolean());
    fc.assert(
      fc.property(mangle, ([action, cut, at, upper]) => {
        // Turn the concrete action into a pattern that still matches it: a wildcard run and a ?, random case.
        const name = action.slice("bedrock:".length);
        const start = Math.min(cut, name.length);
        const stop = Math.min(start + (at % 5), name.length);
        let pattern = `bedrock:${name.slice(0, start)}*${name.slice(stop)}`;
        if (!pattern.endsWith("*")) pattern = `${pattern.slice(0, -1)}?`;
        if (upper) pattern = pattern.toUpperCase();
        const findings = checkApplicationPermissions(permissionsOf([allow(pattern, { Condition: { Bool: { "aws:SecureTransport": "true" } } })]));
        return findings.some((finding) => finding.action === action && finding.kind === "control-plane");
      }),
    );
  });
});

describe("evaluator agrees with IAM's rules on concrete actions (property)", () => {
  const UNIVERSE = ["bedrock:InvokeModel", "bedrock:CreateGuardrail", "bedrock:GetGuardrail", "bedrock:ListFoundationModels", "s3:GetObject", "iam:PassRole", "aws-marketplace:Subscribe"];
  // Actions without a resource type are matched against Resource "*" only.
  const RESOURCELESS = new Set(["bedrock:ListFoundationModels"]);
  const pattern = fc.oneof(
    fc.constantFrom(...UNIVERSE),
    fc.constantFrom("*", "bedrock:*", "bedrock:*Guardrail", "bedrock:Get*", "BEDROCK:invoke?odel", "aws-*:*", "iam:Pass*", "*:Get*", "s3:*", "bedrock:Converse"),
  );
  const statement = fc.record({
    deny: fc.boolean(),
    notAction: fc.boolean(),
    patterns: fc.array(pattern, { minLength: 1, maxLength: 3 }),
    conditional: fc.boolean(),
    narrowResource: fc.boolean(),
  });
  const toPolicy = (spec: { deny: boolean; notAction: boolean; patterns: string[]; conditional: boolean; narrowResource: boolean }) => ({
    Effect: spec.deny ? ("Deny" as const) : ("Allow" as const),
    ...(spec.notAction ? { NotAction: spec.patterns } : { Action: spec.patterns }),
    Resource: spec.narrowResource ? "arn:aws:s3:::bucket" : "*",
    ...(spec.conditional ? { Condition: { Bool: { "aws:SecureTransport": "true" } } } : {}),
  });
  const matchesStatement = (spec: { notAction: boolean; patterns: string[] }, action: string) =>
    spec.notAction ? !spec.patterns.some((p) => actionMatchesRef(p, action)) : spec.patterns.some((p) => actionMatchesRef(p, action));
  // An independent reference matcher: IAM globs as a regular expression built the simple way.
  const actionMatchesRef = (glob: string, action: string) =>
    new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i").test(action);

  it("an action may be performed iff some Allow matches it and no certain Deny does", () => {
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 5 }), (specs) => {
        const permissions = permissionsOf(specs.map(toPolicy));
        return UNIVERSE.every((action) => {
          const allowed = specs.some((spec) => !spec.deny && matchesStatement(spec, action) && !(spec.narrowResource && RESOURCELESS.has(action)));
          const denied = specs.some((spec) => spec.deny && !spec.conditional && !spec.narrowResource && matchesStatement(spec, action));
          return mayPerform(permissions, action) === (allowed && !denied);
        });
      }),
    );
  });

  it("a pattern query is never more optimistic than the concrete actions it contains", () => {
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 5 }), (specs) => {
        const permissions = permissionsOf(specs.map(toPolicy));
        return ["aws-marketplace:*", "bedrock:*", "iam:*"].every((query) =>
          UNIVERSE.filter((action) => actionMatchesRef(query, action)).every((action) => !mayPerform(permissions, action) || mayPerform(permissions, query)),
        );
      }),
    );
  });
});
