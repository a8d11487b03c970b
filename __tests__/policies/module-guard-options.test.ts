/**
 * The policy guard over the stacks with every API, logging and alarm option on (the feature-flag
 * matrix in module-guard.test.ts covers the IAM flags): still no control-plane action for the app
 * role, and the roles these options add are not application roles and grant nothing of Bedrock.
 */
import { rmSync } from "node:fs";
import { APP_DATA_PLANE_ACTIONS } from "../../policies/catalogue/bedrock-actions";
import { loadSynthOutput } from "../../policies/extract/load";
import { reviewStacks } from "../../policies/review/review";
import { BASE_MODEL, config, synthApp } from "../helpers/terraform";

const EVERY_OPTION = config({
  models: ["eu.anthropic.claude-sonnet-4-20250514-v1:0", BASE_MODEL],
  api: {
    authorization: "COGNITO_USER_POOLS",
    cognitoUserPoolArns: ["arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEf123"],
    responseMode: "STREAM",
    executionLogLevel: "INFO",
    accountCloudWatchRole: true,
    cors: { allowedOrigins: ["https://chat.example.com", "http://localhost:3000"] },
    usagePlan: { quotaLimit: 1000 },
    waf: { rateLimitPer5Minutes: 500, commonRuleSet: true },
  },
  alarms: { createTopic: true },
});

describe("policy guard with every API, logging and alarm option", () => {
  const { outdir } = synthApp(EVERY_OPTION);
  const review = reviewStacks(loadSynthOutput(outdir));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test("finds no violation", () => {
    expect(review.violations).toEqual([]);
  });

  test("the app role is the only application role with Bedrock, and holds only data-plane Bedrock actions", () => {
    const applicationRoles = review.roles.filter((role) => role.application && role.grants.some((grant) => grant.action.toLowerCase().startsWith("bedrock:")));
    expect(applicationRoles.map((role) => role.planeTag)).toEqual(["data"]);
    const bedrock = applicationRoles[0].grants.map((grant) => grant.action).filter((action) => action.toLowerCase().startsWith("bedrock:"));
    expect(bedrock.every((action) => APP_DATA_PLANE_ACTIONS.includes(action))).toBe(true);
    expect(applicationRoles[0].unresolved).toEqual([]);
  });

  test("the API Gateway logging role is trusted by API Gateway only, judged as an application role (API Gateway can call AWS with it), and grants nothing of Bedrock", () => {
    const logging = review.roles.find((role) => role.trustedServices.includes("apigateway.amazonaws.com"));
    expect(logging).toBeDefined();
    expect(logging!.application).toBe(true);
    expect(logging!.grants.every((grant) => grant.action.startsWith("logs:"))).toBe(true);
  });
});
