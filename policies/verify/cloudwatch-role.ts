/**
 * Evidence on whether API Gateway sends `aws:SourceAccount` when it assumes the account's
 * CloudWatch role: which role API Gateway uses in the region (`GET /account`), whether that
 * role's trust requires the key (`iam:GetRole`), and whether API Gateway wrote the proof's own
 * request to the stage's access log (which it does with that role). A client never sees the
 * AssumeRole request itself; the log entry is what shows that it succeeded under that trust.
 * Read-only throughout; anything refused comes back as the reason there is no evidence.
 */
import { GetRoleCommand, type IAMClient } from "@aws-sdk/client-iam";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { findLogRecord, type LogSearch } from "./log-search";
import { signedHeaders, type SigningCredentials } from "./sign-request";

export interface CloudWatchRoleEvidence {
  /** The role API Gateway uses for logs in this account and region. */
  readonly roleArn?: string;
  /** Its trust admits API Gateway only with an `aws:SourceAccount` condition. */
  readonly requiresSourceAccount?: boolean;
  /** The stage's access log holds the proof's request. */
  readonly accessLogged?: boolean;
  /** Why the evidence is missing or partial. */
  readonly unavailable?: string;
}

interface TrustStatement {
  readonly Effect?: string;
  readonly Principal?: { readonly Service?: string | readonly string[] } | string;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Whether every statement admitting `apigateway.amazonaws.com` holds an `aws:SourceAccount` condition (and at least one admits it). */
export function trustRequiresSourceAccount(document: string): boolean {
  let parsed: { Statement?: TrustStatement | readonly TrustStatement[] };
  try {
    parsed = JSON.parse(decodeURIComponent(document)) as typeof parsed;
  } catch {
    return false;
  }
  const statements = [parsed.Statement ?? []].flat() as TrustStatement[];
  const admitting = statements.filter((statement) => {
    if (statement.Effect !== "Allow" || typeof statement.Principal !== "object") return false;
    return [statement.Principal.Service ?? []].flat().includes("apigateway.amazonaws.com");
  });
  const conditioned = (statement: TrustStatement) => Object.values(statement.Condition ?? {}).some((entries) => Object.keys(entries).some((key) => key.toLowerCase() === "aws:sourceaccount"));
  return admitting.length > 0 && admitting.every(conditioned);
}

export interface CloudWatchRoleOptions {
  readonly region: string;
  readonly partition: string;
  readonly credentials: () => Promise<SigningCredentials>;
  readonly accessLogGroupName: string;
  readonly apiRequestId: string;
  readonly startTime: number;
  readonly fetch?: typeof fetch;
  readonly search: Pick<LogSearch, "waitMs" | "pollMs" | "sleep" | "now">;
}

/** API Gateway's regional control-plane host. */
function apiGatewayHost(region: string, partition: string): string {
  return `apigateway.${region}.${partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`;
}

async function accountCloudWatchRole(options: CloudWatchRoleOptions): Promise<{ roleArn?: string; unavailable?: string }> {
  const url = new URL(`https://${apiGatewayHost(options.region, options.partition)}/account`);
  const headers = await signedHeaders({ method: "GET", url, headers: { accept: "application/json" } }, "apigateway", options.region, await options.credentials());
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { method: "GET", headers });
  } catch (error) {
    return { unavailable: `GET ${url.host}/account failed: ${(error as Error).message}` };
  }
  if (response.status === 403) return { unavailable: "apigateway:GET on /account was refused (add it to the runner's policy)" };
  if (!response.ok) return { unavailable: `GET /account answered ${response.status}` };
  const account = (await response.json().catch(() => ({}))) as { cloudwatchRoleArn?: unknown };
  return typeof account.cloudwatchRoleArn === "string" ? { roleArn: account.cloudwatchRoleArn } : { unavailable: "the account has no API Gateway CloudWatch role in this region" };
}

export async function cloudWatchRoleEvidence(iam: IAMClient, logs: CloudWatchLogsClient, options: CloudWatchRoleOptions): Promise<CloudWatchRoleEvidence> {
  const role = await accountCloudWatchRole(options);
  if (!role.roleArn) return { unavailable: role.unavailable };
  let requiresSourceAccount: boolean;
  try {
    const found = await iam.send(new GetRoleCommand({ RoleName: role.roleArn.split("/").pop() }));
    requiresSourceAccount = trustRequiresSourceAccount(found.Role?.AssumeRolePolicyDocument ?? "");
  } catch (error) {
    return { roleArn: role.roleArn, unavailable: `iam:GetRole on ${role.roleArn} failed: ${(error as Error).name}` };
  }
  // Without the condition there is nothing to observe: the log entry would prove nothing about the key.
  if (!requiresSourceAccount) return { roleArn: role.roleArn, requiresSourceAccount };
  const logged = await findLogRecord(logs, { logGroupName: options.accessLogGroupName, field: "requestId", value: options.apiRequestId, startTime: options.startTime, ...options.search });
  return {
    roleArn: role.roleArn,
    requiresSourceAccount,
    accessLogged: logged.record !== undefined,
    ...(logged.unavailable ? { unavailable: logged.unavailable } : {}),
  };
}
