/**
 * Suppressions: the known ones apply on the real synth because their facts hold there, and stop
 * applying when the facts change; resource markers suppress by rule id or upstream id, with their
 * reason; a suppressed finding is still reported.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { App, TerraformStack } from "cdktf";
import { RULES } from "../../../policies/checks/pack";
import { runChecks } from "../../../policies/checks/run";
import { KNOWN_SUPPRESSIONS } from "../../../policies/checks/suppressions";
import type { Rule } from "../../../policies/checks/types";
import { apiCaching } from "../../../policies/checks/rules/api-caching";
import { apiWaf } from "../../../policies/checks/rules/api-waf";
import { iamWildcardActions } from "../../../policies/checks/rules/iam-wildcard-actions";
import { iamWildcardResources } from "../../../policies/checks/rules/iam-wildcard-resources";
import { lambdaCodeSigning } from "../../../policies/checks/rules/lambda-code-signing";
import { lambdaDlq } from "../../../policies/checks/rules/lambda-dlq";
import { logGroupKms } from "../../../policies/checks/rules/log-group-kms";
import { logGroupRetentionOneYear } from "../../../policies/checks/rules/log-group-retention-one-year";
import { vpcFlowLogs } from "../../../policies/checks/rules/vpc-flow-logs";
import { apiExecutionLogging } from "../../../policies/checks/rules/api-execution-logging";
import { loadSynthOutput } from "../../../policies/extract/load";
import { defaultSynth, editedSynthDir, only, runRuleSuppressed, stackOf, type Blocks } from "./helpers";

const suppressedOn = (rule: Rule, dir?: string) => runRuleSuppressed(rule, dir ? loadSynthOutput(dir) : defaultSynth());

/** Statements of a JSON policy attribute, edited in place. */
function editPolicy(holder: Record<string, unknown>, edit: (statements: Record<string, unknown>[]) => void): void {
  const document = JSON.parse(holder.policy as string);
  edit(document.Statement);
  holder.policy = JSON.stringify(document);
}

describe("known suppressions", () => {
  it("each names an existing rule and gives a reason of a sentence or more", () => {
    const ids = new Set(RULES.map((rule) => rule.id));
    for (const suppression of KNOWN_SUPPRESSIONS) {
      expect(ids.has(suppression.ruleId)).toBe(true);
      expect(suppression.reason).toMatch(/^[A-Z].{60,}\.$/s);
    }
  });

  it.each([
    [apiCaching, "POST"],
    [apiWaf, "AWS_IAM"],
    [lambdaDlq, "only synchronously"],
    [lambdaCodeSigning, "AWS Signer"],
    [logGroupRetentionOneYear, "logRetentionDays"],
    [vpcFlowLogs, "isolated"],
  ] as const)("%p is suppressed on the default synth, with its reason, and still reported", (rule, reason) => {
    const result = suppressedOn(rule);
    expect(result.status).toBe("suppressed");
    expect(result.findings.length).toBeGreaterThan(0);
    for (const finding of result.findings) {
      expect(finding.status).toBe("suppressed");
      expect(finding.suppression).toEqual({ by: "module", reason: expect.stringContaining(reason) });
    }
  });

  it("api-caching: STREAM integrations get the streaming reason", () => {
    const dir = editedSynthDir((config) => {
      if (config.resource.aws_api_gateway_integration) only(config, "aws_api_gateway_integration").response_transfer_mode = "STREAM";
    });
    expect(suppressedOn(apiCaching, dir).findings[0].suppression?.reason).toMatch(/Streamed responses .* cannot be cached/);
  });

  it("api-caching fails again when a GET method could be cached", () => {
    const dir = editedSynthDir((config) => {
      if (config.resource.aws_api_gateway_method) only(config, "aws_api_gateway_method").http_method = "GET";
    });
    expect(suppressedOn(apiCaching, dir).status).toBe("failed");
  });

  it("api-waf fails again when a method is not IAM-authorized", () => {
    const dir = editedSynthDir((config) => {
      if (config.resource.aws_api_gateway_method) only(config, "aws_api_gateway_method").authorization = "NONE";
    });
    expect(suppressedOn(apiWaf, dir).status).toBe("failed");
  });

  it("api-execution-logging: off is suppressed while the account's CloudWatch role is not managed here, and fails once it is", () => {
    const withoutLogging = (config: { resource: Blocks }) => {
      for (const settings of Object.values(config.resource.aws_api_gateway_method_settings ?? {})) delete (settings.settings as Record<string, unknown>).logging_level;
    };
    const off = suppressedOn(apiExecutionLogging, editedSynthDir(withoutLogging));
    expect(off.status).toBe("suppressed");
    expect(off.findings[0].suppression?.reason).toContain("account-wide API Gateway CloudWatch role");
    const managed = editedSynthDir((config) => {
      withoutLogging(config);
      if (config.resource.aws_api_gateway_stage) config.resource.aws_api_gateway_account = { account: { cloudwatch_role_arn: "${aws_iam_role.apigw.arn}" } };
    });
    expect(suppressedOn(apiExecutionLogging, managed).status).toBe("failed");
  });

  it("lambda-dlq fails again when something invokes the function asynchronously", () => {
    const dir = editedSynthDir((config) => {
      if (config.resource.aws_lambda_function) {
        const [name] = Object.keys(config.resource.aws_lambda_function);
        config.resource.aws_lambda_permission.from_s3 = { action: "lambda:InvokeFunction", function_name: `\${aws_lambda_function.${name}.function_name}`, principal: "s3.amazonaws.com", source_arn: "arn:aws:s3:::bucket" };
      }
    });
    expect(suppressedOn(lambdaDlq, dir).status).toBe("failed");
  });

  it("vpc-flow-logs fails again when the VPC gets an internet gateway or a default route", () => {
    const withGateway = editedSynthDir((config) => {
      if (config.resource.aws_vpc) config.resource.aws_internet_gateway = { igw: { vpc_id: `\${aws_vpc.${Object.keys(config.resource.aws_vpc)[0]}.id}` } };
    });
    expect(suppressedOn(vpcFlowLogs, withGateway).status).toBe("failed");
    const withRoute = editedSynthDir((config) => {
      if (config.resource.aws_vpc) config.resource.aws_route = { out: { route_table_id: "${aws_route_table.x.id}", destination_cidr_block: "0.0.0.0/0", transit_gateway_id: "tgw-1" } };
    });
    expect(suppressedOn(vpcFlowLogs, withRoute).status).toBe("failed");
  });

  it("log-group-retention-one-year does not excuse a log group without retention", () => {
    const stack = stackOf({ aws_cloudwatch_log_group: { forever: { name: "x" } } });
    expect(runRuleSuppressed(logGroupRetentionOneYear, [stack]).status).toBe("failed");
  });

  it("iam wildcards: the admin role's Bedrock and PassRole statements and the app role's network-interface statements are suppressed", () => {
    const resources = suppressedOn(iamWildcardResources);
    expect(resources.status).toBe("suppressed");
    expect(resources.findings.map((finding) => finding.detail)).toEqual(expect.arrayContaining([expect.stringContaining("#0"), expect.stringMatching(/ManageVpcNetworkInterfaces|#\d/)]));
    expect(suppressedOn(iamWildcardActions).status).toBe("suppressed");
  });

  it("iam wildcards fail again on a role that is not the admin role, or a grant beyond network interfaces", () => {
    const dir = editedSynthDir((config) => {
      for (const role of Object.values(config.resource.aws_iam_role ?? {})) delete (role.tags as Record<string, string> | undefined)?.BedrockPlane;
      for (const policy of Object.values(config.resource.aws_iam_role_policy ?? {})) {
        editPolicy(policy, (statements) => {
          for (const statement of statements) if (Array.isArray(statement.Action) && statement.Action.includes("ec2:CreateNetworkInterface")) statement.Action = [...statement.Action, "ec2:RunInstances"];
        });
      }
    });
    const resources = suppressedOn(iamWildcardResources, dir);
    const failed = resources.findings.filter((finding) => finding.status === "failed").map((finding) => finding.message);
    expect(failed).toEqual(expect.arrayContaining([expect.stringContaining("bedrock:*"), expect.stringContaining("iam:PassRole"), expect.stringContaining("ec2:RunInstances")]));
    expect(suppressedOn(iamWildcardActions, dir).status).toBe("failed");
  });
});

describe("resource markers", () => {
  const group = (marker: Record<string, unknown>): Blocks => ({ aws_cloudwatch_log_group: { logs: { "//": { checks: { suppress: marker } }, name: "x" } } });

  it.each([["the rule id", "log-group-kms"], ["an upstream id", "CKV_AWS_158"]])("suppress by %s, with the marker's reason", (_label, id) => {
    const result = runRuleSuppressed(logGroupKms, [stackOf(group({ [id]: "  Encrypted by the account's default key policy.  " }))]);
    expect(result.status).toBe("suppressed");
    expect(result.findings[0].suppression).toEqual({ by: "resource", reason: "Encrypted by the account's default key policy." });
  });

  it("an empty reason, or a marker for another rule, suppresses nothing", () => {
    expect(runRuleSuppressed(logGroupKms, [stackOf(group({ "log-group-kms": "  " }))]).status).toBe("failed");
    expect(runRuleSuppressed(logGroupKms, [stackOf(group({ "log-group-retention": "reason" }))]).status).toBe("failed");
  });

  it("cdktf writes the marker with addOverride (Terraform ignores // keys)", () => {
    const outdir = mkdtempSync(join(tmpdir(), "marker-"));
    const app = new App({ outdir, skipValidation: true });
    const stack = new TerraformStack(app, "marked");
    new CloudwatchLogGroup(stack, "logs", { name: "x" }).addOverride("//.checks.suppress.log-group-kms", "Reason in the construct.");
    app.synth();
    expect(JSON.parse(readFileSync(join(outdir, "stacks", "marked", "cdk.tf.json"), "utf8")).resource.aws_cloudwatch_log_group.logs["//"].metadata.path).toBe("marked/logs");
    const report = runChecks(loadSynthOutput(outdir), { rules: [logGroupKms] });
    expect(report.results[0].findings[0].suppression).toEqual({ by: "resource", reason: "Reason in the construct." });
  });
});
