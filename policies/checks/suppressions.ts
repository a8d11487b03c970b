/**
 * Written reasons for findings that are accepted. Four kinds, from the most specific:
 *
 * - Comments in a `.tf` resource block: `# bedrock-plane-review:skip=<rule id> <reason>` (the HCL
 *   reader turns it into the resource's `"//": { "checks": { "skip": … } }`).
 * - Resource markers in Terraform JSON: `"//": { "checks": { "suppress": { "<rule id or upstream id>": "<reason>" } } }`
 *   (in cdktf: `resource.addOverride("//.checks.suppress.lambda-dlq", "reason")`). Terraform
 *   ignores `//` keys. An empty reason suppresses nothing.
 * - Entries of the configuration file (`.bedrock-plane-review.json`): rule, resource, reason.
 * - Known suppressions, shipped with the rule pack for the resources this module creates
 *   (module-resources.ts), keyed by rule id and by the facts of the resource that make the reason
 *   true (a STREAM integration, an API Gateway-only function, an isolated VPC, the admin role's
 *   tag). When the facts change, or on anyone else's Terraform, they do not apply.
 *
 * A suppressed finding is still reported, with its reason; it does not fail the review.
 */
import { stringOf } from "../extract/terraform-json";
import { asList, type PolicyStatement } from "../documents/statement";
import { apiOf, integrationsOf, methodsOf } from "./api-gateway";
import { identityPolicies, statementLabel, type IdentityPolicy } from "./iam-documents";
import { block, isAnyAddress, mentions, numberOf, present, resources, type Resource } from "./terraform";
import { isModuleResource } from "./module-resources";
import type { CheckInput, Rule, RuleFinding, Suppression } from "./types";

export interface KnownSuppression {
  readonly ruleId: string;
  readonly reason: string;
  /** True when the facts behind the reason hold for this finding. */
  readonly covers: (finding: RuleFinding, input: CheckInput) => boolean;
}

export function resourceOf(input: CheckInput, address: string): Resource | undefined {
  const dot = address.indexOf(".");
  return resources(input.stack, address.slice(0, dot)).find((candidate) => candidate.address === address);
}

/** The policy statement an IAM finding is about (its `detail` is `[part ]#index (Sid)`). */
function statementOf(input: CheckInput, finding: RuleFinding): { policy: IdentityPolicy; statement: PolicyStatement } | undefined {
  const index = Number(/#(\d+)/.exec(finding.detail ?? "")?.[1]);
  if (!Number.isInteger(index)) return undefined;
  const policy = identityPolicies(input.workspace, input.stack).find((candidate) => candidate.resource === finding.resource && statementLabel(candidate, index) === finding.detail);
  const statement = policy?.statements[index];
  return policy && statement ? { policy, statement } : undefined;
}

const tagOf = (role: Resource, key: string) => {
  const tags = block(role.block.tags);
  return tags ? stringOf(tags[key]) : undefined;
};

/** The stage's API has at least one method and every one of them matches `test`. */
function everyMethodOfStage(input: CheckInput, finding: RuleFinding, test: (method: Resource) => boolean): boolean {
  const stage = resourceOf(input, finding.resource);
  if (!stage) return false;
  const methods = methodsOf(input.stack, apiOf(input.stack, stage)).filter((method) => method.block.http_method !== "OPTIONS");
  return methods.length > 0 && methods.every(test);
}

const LAMBDA_VPC_ACTIONS = new Set(["ec2:createnetworkinterface", "ec2:deletenetworkinterface", "ec2:assignprivateipaddresses", "ec2:unassignprivateipaddresses", "ec2:describenetworkinterfaces", "ec2:describesubnets"]);

/** Roles of the stack that run a function attached to a VPC. */
function vpcFunctionRoles(input: CheckInput): Resource[] {
  const roles = resources(input.stack, "aws_iam_role");
  return resources(input.stack, "aws_lambda_function")
    .filter((fn) => block(fn.block.vpc_config) !== undefined)
    .flatMap((fn) => roles.filter((role) => mentions(fn.block.role, role.address)));
}

export const KNOWN_SUPPRESSIONS: readonly KnownSuppression[] = [
  {
    ruleId: "api-caching",
    reason: "Streamed responses (integration response_transfer_mode STREAM) cannot be cached by API Gateway; besides, a chat answer depends on the whole conversation in the POST body and belongs to one caller.",
    covers: (finding, input) => {
      const stage = resourceOf(input, finding.resource);
      const integrations = stage ? integrationsOf(input.stack, apiOf(input.stack, stage)) : [];
      return integrations.length > 0 && integrations.every((integration) => integration.block.response_transfer_mode === "STREAM");
    },
  },
  {
    ruleId: "api-caching",
    reason: "Every method is a POST whose answer depends on the whole conversation in the request body: a cache keyed on path and parameters would serve one caller's answer to another. Nothing here may be cached.",
    covers: (finding, input) => everyMethodOfStage(input, finding, (method) => !["GET", "HEAD"].includes(stringOf(method.block.http_method) ?? "GET")),
  },
  {
    ruleId: "api-waf",
    reason:
      "Every method requires AWS_IAM (SigV4) authorization, so API Gateway rejects unsigned and unauthorized requests before they reach the function, and the stage is throttled. A WAF web ACL (rate-based rule per IP) is for APIs reachable without IAM credentials: associate one there.",
    covers: (finding, input) => everyMethodOfStage(input, finding, (method) => method.block.authorization === "AWS_IAM"),
  },
  {
    ruleId: "api-execution-logging",
    reason:
      "Execution logs need the account-wide API Gateway CloudWatch role (aws_api_gateway_account, one per account and region), which this module does not take over unless asked; access logs record every request and the stage publishes metrics.",
    covers: (_finding, input) => resources(input.stack, "aws_api_gateway_account").length === 0,
  },
  {
    ruleId: "lambda-dlq",
    reason:
      "The function is invoked only synchronously, by API Gateway (AWS_PROXY): a failed request returns its error to the caller and is never retried or queued. Dead-letter queues apply to asynchronous invocations only.",
    covers: (finding, input) => {
      const fn = resourceOf(input, finding.resource);
      if (!fn) return false;
      const invokers = resources(input.stack, "aws_lambda_permission").filter((permission) => mentions(permission.block.function_name, fn.address));
      const asynchronous = ["aws_lambda_event_source_mapping", "aws_lambda_function_event_invoke_config"].some((type) => resources(input.stack, type).some((other) => mentions(other.block.function_name, fn.address)));
      return invokers.length > 0 && invokers.every((permission) => permission.block.principal === "apigateway.amazonaws.com") && !asynchronous;
    },
  },
  {
    ruleId: "lambda-code-signing",
    reason:
      "The function is deployed from the zip this synthesis builds, whose SHA-256 is its source_code_hash. Code signing would take an AWS Signer profile, a signing job on an S3-staged artifact, an aws_lambda_code_signing_config and deploying from S3: add them in your release pipeline if your policy requires signed code.",
    covers: (finding, input) => present(resourceOf(input, finding.resource)?.block.filename) !== undefined,
  },
  {
    ruleId: "log-group-retention-one-year",
    reason:
      "Retention is a per-environment choice (function.logRetentionDays, 30 days by default): the logs hold request metadata, and prompts when chat.logContent is on, so they are kept no longer than needed. Raise it where an audit requires a year.",
    covers: (finding, input) => (numberOf(resourceOf(input, finding.resource)?.block.retention_in_days) ?? 0) > 0,
  },
  {
    ruleId: "vpc-flow-logs",
    reason:
      "The VPC is isolated: no internet or NAT gateway and no route to 0.0.0.0/0; its only network interfaces are the function's and the Bedrock endpoint's, tied security group to security group on 443. Bedrock calls are recorded by CloudTrail and requests by the API's logs. Add an aws_flow_log where your policy requires one.",
    covers: (finding, input) => {
      const vpc = resourceOf(input, finding.resource);
      if (!vpc) return false;
      const inVpc = (type: string) => resources(input.stack, type).some((other) => mentions(other.block.vpc_id, vpc.address));
      const gateways = ["aws_internet_gateway", "aws_egress_only_internet_gateway", "aws_nat_gateway", "aws_vpn_gateway", "aws_ec2_transit_gateway_vpc_attachment"].some(inVpc)
        || resources(input.stack, "aws_nat_gateway").length > 0;
      const routes = [...resources(input.stack, "aws_route"), ...resources(input.stack, "aws_route_table")].some((route) => {
        const blocks = route.type === "aws_route" ? [route.block] : Array.isArray(route.block.route) ? route.block.route : [];
        return blocks.some((entry) => typeof entry === "object" && entry !== null && !Array.isArray(entry) && [entry.destination_cidr_block, entry.cidr_block, entry.destination_ipv6_cidr_block, entry.ipv6_cidr_block].some((cidr) => typeof cidr === "string" && isAnyAddress(cidr)));
      });
      return !gateways && !routes;
    },
  },
  {
    ruleId: "iam-wildcard-resources",
    reason:
      "Lambda creates, attaches and deletes the function's network interfaces through its execution role before their ids exist: these are the grants of AWS's AWSLambdaVPCAccessExecutionRole, on '*' (the Describe calls have no resource-level permissions). The role's permissions boundary caps it to them.",
    covers: (finding, input) => {
      const found = statementOf(input, finding);
      if (!found) return false;
      const actions = asList(found.statement.Action).map((action) => action.toLowerCase());
      const runners = vpcFunctionRoles(input);
      return actions.length > 0 && actions.every((action) => LAMBDA_VPC_ACTIONS.has(action)) && found.policy.roles.some((role) => runners.some((runner) => runner.address === role.address));
    },
  },
  ...(["iam-wildcard-actions", "iam-wildcard-resources"] as const).map((ruleId) => ({
    ruleId,
    reason:
      "The Bedrock admin role (tagged BedrockPlane = control) exists to configure Bedrock: guardrails, model access, knowledge bases, agents and jobs whose ARNs it chooses later. Only the named principals may assume it (with MFA when admin.requireMfa), and the permission review proves that no application role reaches these actions.",
    covers: (finding: RuleFinding, input: CheckInput) => {
      const found = statementOf(input, finding);
      if (!found || found.policy.roles.length === 0 || !found.policy.roles.every((role) => tagOf(role, "BedrockPlane") === "control")) return false;
      const actions = asList(found.statement.Action);
      return actions.length > 0 && actions.every((action) => action.toLowerCase().startsWith("bedrock:"));
    },
  })),
  {
    ruleId: "iam-wildcard-resources",
    reason:
      "The service roles Bedrock jobs and knowledge bases run as are created later by the platform team; the iam:PassedToService = bedrock.amazonaws.com condition lets the admin role pass roles to Bedrock only.",
    covers: (finding, input) => {
      const found = statementOf(input, finding);
      if (!found || !found.policy.roles.every((role) => tagOf(role, "BedrockPlane") === "control") || found.policy.roles.length === 0) return false;
      const actions = asList(found.statement.Action).map((action) => action.toLowerCase());
      const passedTo = Object.values(found.statement.Condition ?? {}).flatMap((entries) => Object.entries(entries).filter(([key]) => key.toLowerCase() === "iam:passedtoservice").flatMap(([, value]) => asList(value)));
      return actions.length === 1 && actions[0] === "iam:passrole" && passedTo.length > 0 && passedTo.every((service) => service === "bedrock.amazonaws.com");
    },
  },
];

/** A skip of the configuration file: one rule (or an upstream id) on one resource, with its reason. */
export interface ConfigSkip {
  readonly rule: string;
  /** Terraform address: `aws_lambda_function.worker`. */
  readonly resource: string;
  /** The stack (module folder, `cdktf.out` stack) it applies in; every stack when absent. */
  readonly stack?: string;
  readonly reason: string;
}

const ruleNames = (rule: Rule) => [rule.id, ...rule.upstream];

/** The reason a resource's `//` entry gives for this rule (`suppress`: a JSON marker; `skip`: an HCL comment), if any. */
export function markerReason(input: CheckInput, rule: Rule, finding: RuleFinding): Suppression | undefined {
  const resource = resourceOf(input, finding.resource);
  const checks = block(block(resource?.block["//"])?.checks);
  for (const [key, by] of [["skip", "comment"], ["suppress", "resource"]] as const) {
    const entries = block(checks?.[key]);
    if (!entries) continue;
    for (const id of ruleNames(rule)) {
      const reason = stringOf(entries[id]);
      if (reason !== undefined && reason.trim() !== "") return { reason: reason.trim(), by };
    }
  }
  return undefined;
}

/** The configuration file's skip for this finding, if any. */
export function configSkip(input: CheckInput, rule: Rule, finding: RuleFinding, skips: readonly ConfigSkip[]): ConfigSkip | undefined {
  const names = ruleNames(rule);
  return skips.find((skip) => names.includes(skip.rule) && skip.resource === finding.resource && (skip.stack === undefined || skip.stack === input.stack.name));
}

/**
 * The suppression that applies to a finding: on the resource itself first (a comment or marker,
 * the most specific), then the configuration file, then a known one (on this module's resources).
 */
export function suppressionFor(input: CheckInput, rule: Rule, finding: RuleFinding, known: readonly KnownSuppression[] = KNOWN_SUPPRESSIONS, skips: readonly ConfigSkip[] = []): Suppression | undefined {
  const marker = markerReason(input, rule, finding);
  if (marker !== undefined) return marker;
  const skip = configSkip(input, rule, finding, skips);
  if (skip) return { reason: skip.reason, by: "config" };
  if (!isModuleResource(input.stack, resourceOf(input, finding.resource))) return undefined;
  const match = known.find((suppression) => suppression.ruleId === rule.id && suppression.covers(finding, input));
  return match ? { reason: match.reason, by: "module" } : undefined;
}
