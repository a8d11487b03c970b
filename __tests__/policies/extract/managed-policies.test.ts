/**
 * The built-in table of AWS managed policies: each workload-common entry attached to a Lambda role
 * through aws_iam_role_policy_attachment (with the ARN path AWS uses) reviews with the verdict its
 * content implies, and every entry is a well-formed list of statements.
 */
import {
  AWS_MANAGED_POLICIES,
  awsManagedPolicy,
} from "../../../policies/extract/managed-policies";
import type { Review } from "../../../policies/review/review";
import { LAMBDA_TRUST, review } from "../helpers";

function attached(arn: string): Review {
  return review({
    resource: {
      aws_iam_role: {
        app: { name: "chat-app", assume_role_policy: LAMBDA_TRUST },
      },
      aws_iam_role_policy_attachment: {
        managed: { role: "${aws_iam_role.app.name}", policy_arn: arn },
      },
    },
  });
}

const violationActions = (result: Review): string[] =>
  result.violations.flatMap((violation) => [
    violation.action,
    ...violation.actions,
  ]);

const arn = (path: string) => `arn:aws:iam::aws:policy/${path}`;

/** Policies whose content grants nothing the application-role rule objects to. */
const CLEAN = [
  "AmazonAPIGatewayPushToCloudWatchLogs",
  "service-role/AWSAppSyncPushToCloudWatchLogs",
  "AWSAppRunnerReadOnlyAccess",
  "service-role/AWSAppRunnerServicePolicyForECRAccess",
  "AmazonRedshiftDataFullAccess",
  "AmazonS3FullAccess",
  "AmazonS3ReadOnlyAccess",
  "AmazonDynamoDBReadOnlyAccess",
  "CloudWatchLogsFullAccess",
  "CloudWatchAgentServerPolicy",
  "AmazonSSMManagedInstanceCore",
  "AmazonEKSWorkerNodePolicy",
  "AmazonEKS_CNI_Policy",
  "AmazonEKSClusterPolicy",
  "AmazonEC2ContainerRegistryReadOnly",
  "service-role/AmazonEC2ContainerServiceforEC2Role",
  "service-role/AmazonEC2ContainerServiceAutoscaleRole",
  "service-role/AmazonEC2ContainerServiceRole",
  "AmazonSQSFullAccess",
  "AmazonSNSFullAccess",
  "SecretsManagerReadWrite",
  "service-role/AWSLambdaRole",
  "service-role/AWSLambdaSQSQueueExecutionRole",
  "service-role/AWSLambdaDynamoDBExecutionRole",
  "service-role/AWSLambdaKinesisExecutionRole",
  "AWSStepFunctionsFullAccess",
  "AWSXrayWriteOnlyAccess",
  "AmazonTextractFullAccess",
  "ComprehendFullAccess",
  "AmazonOpenSearchServiceFullAccess",
  "AmazonOpenSearchServiceReadOnlyAccess",
  "AmazonKinesisFullAccess",
  "AmazonAthenaFullAccess",
  "IAMReadOnlyAccess",
];

/** Policies whose content reaches the rule: iam:PassRole (conditions narrow a grant, they do not remove it), marketplace, Bedrock. */
const FAILING: [string, string[]][] = [
  ["AWSAppRunnerFullAccess", ["iam:PassRole"]],
  ["AmazonDynamoDBFullAccess", ["iam:PassRole"]],
  ["AWSLambda_FullAccess", ["iam:PassRole"]],
  ["service-role/AmazonEC2ContainerServiceEventsRole", ["iam:PassRole"]],
  [
    "AmazonSageMakerFullAccess",
    ["iam:PassRole", "aws-marketplace:ViewSubscriptions"],
  ],
  [
    "ReadOnlyAccess",
    [
      "bedrock:GetFoundationModel",
      "bedrock:ListFoundationModels",
      "bedrock:GetGuardrail",
    ],
  ],
];

describe("workload-common AWS managed policies on a Lambda role", () => {
  it.each(CLEAN)("%s is known and reviews clean", (path) => {
    expect(awsManagedPolicy(arn(path))).toBeDefined();
    const result = attached(arn(path));
    expect(result.violations).toEqual([]);
  });

  it.each(FAILING)("%s is known and fails on %j", (path, expected) => {
    expect(awsManagedPolicy(arn(path))).toBeDefined();
    const result = attached(arn(path));
    expect(violationActions(result)).toEqual(expect.arrayContaining(expected));
    expect(
      result.violations.every(
        (violation) => !/unresolvable/.test(violation.reason)
      )
    ).toBe(true);
  });

  it("AWSLambda_FullAccess's PassRole is the conditional one AWS writes (lambda.amazonaws.com only)", () => {
    const passRole = AWS_MANAGED_POLICIES.AWSLambda_FullAccess.filter(
      (statement) => [statement.Action].flat().includes("iam:PassRole")
    );
    expect(passRole).toEqual([
      expect.objectContaining({
        Resource: "*",
        Condition: {
          StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" },
        },
      }),
    ]);
  });

  it("ReadOnlyAccess reaches only Bedrock read actions, not the data plane nor PassRole", () => {
    const actions = violationActions(attached(arn("ReadOnlyAccess")));
    expect(actions).not.toContain("iam:PassRole");
    expect(actions).not.toContain("bedrock:InvokeModel");
    expect(
      actions
        .filter((action) => action.startsWith("bedrock:"))
        .every((action) => /^bedrock:(Get|List)/.test(action))
    ).toBe(true);
    expect(
      actions.some((action) => action.startsWith("aws-marketplace:"))
    ).toBe(false);
  });

  it("an AWS managed policy outside the table stays an unresolvable violation", () => {
    const result = attached(arn("service-role/SomeUnlistedPolicy"));
    expect(result.violations).toEqual([
      expect.objectContaining({
        action: "*",
        reason: expect.stringMatching(/unresolvable.*SomeUnlistedPolicy/),
      }),
    ]);
  });
});

describe("AWS_MANAGED_POLICIES table shape", () => {
  const isStringOrStrings = (value: unknown) =>
    typeof value === "string"
      ? value.length > 0
      : Array.isArray(value) &&
        value.length > 0 &&
        value.every((item) => typeof item === "string" && item.length > 0);

  it.each(Object.keys(AWS_MANAGED_POLICIES))(
    "%s has statements with only string / string-list fields",
    (name) => {
      const statements = AWS_MANAGED_POLICIES[name];
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(["Allow", "Deny"]).toContain(statement.Effect);
        expect(
          statement.Action !== undefined || statement.NotAction !== undefined
        ).toBe(true);
        expect(
          statement.Resource !== undefined ||
            statement.NotResource !== undefined
        ).toBe(true);
        for (const field of [
          "Sid",
          "Action",
          "NotAction",
          "Resource",
          "NotResource",
        ] as const) {
          if (statement[field] !== undefined)
            expect(isStringOrStrings(statement[field])).toBe(true);
        }
        for (const block of Object.values(statement.Condition ?? {})) {
          for (const value of Object.values(block))
            expect(isStringOrStrings(value)).toBe(true);
        }
        for (const action of [
          statement.Action ?? [],
          statement.NotAction ?? [],
        ].flat())
          expect(action).toMatch(/^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/);
      }
    }
  );
});
