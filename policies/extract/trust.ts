/**
 * Who a trust policy lets assume a role, as the review needs it: service principals, web
 * identities (EKS IRSA, Cognito identity pools, any OIDC provider) and other roles (role
 * chaining). A web identity is a workload unless its provider is a CI system: a GitHub Actions
 * deploy role that configures Bedrock is the admin side, not the application. The CI test looks
 * at the provider's host only (from its ARN, or the `url` of the provider resource), or, when
 * the provider is unknown, at the claims the statement requires; never at names or other text,
 * which anyone can choose.
 */
import { actionMatches } from "../evaluator/action-match";
import { followRemoteState, type PolicyResolution, type Workspace } from "./resolve";
import { parseReference, resourcesOf, stringOf, type SynthStack } from "./terraform-json";
import { asList, type PolicyStatement } from "../documents/statement";

/** OIDC issuer hosts of CI/CD systems: their roles deploy, they do not run the application. */
const CI_HOSTS = /^(token\.actions\.githubusercontent\.com|gitlab\.[a-z0-9.-]+|app\.terraform\.io|api\.bitbucket\.org|oidc\.circleci\.com|vstoken\.dev\.azure\.com|agent\.buildkite\.com|[a-z0-9-]+\.app\.spacelift\.io)$/i;
const SAML = /saml-provider|^saml$/i;
const OIDC_PROVIDER_ARN = /:oidc-provider\/([^/]+)/;
/** Condition operators that require a claim to have a value (Null, …IfExists and negations do not). */
const REQUIRING = /^(StringEquals|StringLike|ForAnyValue:StringEquals|ForAnyValue:StringLike|ForAllValues:StringEquals|ForAllValues:StringLike)$/;

export interface TrustedPrincipals {
  readonly services: readonly string[];
  /** Web identities admitted, each with whether it is a CI provider. */
  readonly webIdentities: readonly { readonly provider: string; readonly ci: boolean }[];
  /** `AWS` principals as written (ARNs, account ids, references). */
  readonly aws: readonly string[];
  /** Service or federated principals that are expressions, or a Principal the review cannot read: anyone may be behind them. */
  readonly unknown: readonly string[];
}

const isExpression = (value: string) => value.includes("${") || value.includes("%{");

const allowsWebIdentity = (statement: PolicyStatement) => asList(statement.Action).some((action) => !isExpression(action) && actionMatches(action, "sts:AssumeRoleWithWebIdentity"));

/**
 * The host in an OIDC provider's `url`: a literal, a variable's default (`url = var.gitlab_url`),
 * or the literal start of a `format("https://api.bitbucket.org/…%s", …)`.
 */
function urlHost(stack: SynthStack, url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const variable = /^\$\{var\.([\w-]+)\}$/.exec(url)?.[1];
  const variables = (stack.config.variable ?? {}) as Record<string, { default?: unknown }>;
  const resolved = variable !== undefined && Object.hasOwn(variables, variable) && typeof variables[variable]?.default === "string" ? (variables[variable].default as string) : url;
  const host = /^(?:\$\{format\(")?https:\/\/([a-z0-9.-]+)(?:[/"]|$)/i.exec(resolved)?.[1];
  return host ?? (isExpression(resolved) ? undefined : resolved.split("/")[0]);
}

/** The `aws_iam_openid_connect_provider` an expression names (`${aws_iam_openid_connect_provider.ci.arn}`, `.url`), with its stack. */
function providerResource(workspace: Workspace, stack: SynthStack, value: string) {
  const followed = followRemoteState(workspace, stack, value);
  const reference = parseReference(followed.value);
  if (reference?.mode !== "resource" || reference.type !== "aws_iam_openid_connect_provider") return undefined;
  const provider = resourcesOf(followed.stack.config, reference.type).find((candidate) => candidate.name === reference.name);
  return provider ? { stack: followed.stack, url: stringOf(provider.block.url) } : undefined;
}

/** The issuer host of a Federated value: from an OIDC provider ARN, or the `url` of a provider resource of the workspace. */
function providerHost(workspace: Workspace, stack: SynthStack, value: string): string | undefined {
  const fromArn = OIDC_PROVIDER_ARN.exec(value)?.[1];
  if (fromArn !== undefined && !isExpression(fromArn)) return fromArn;
  const provider = providerResource(workspace, stack, value);
  return provider ? urlHost(provider.stack, provider.url) : undefined;
}

/** The hosts whose claims the statement requires (`token.actions.githubusercontent.com:sub`, `${aws_iam_openid_connect_provider.ci.url}:sub`). */
function requiredClaimHosts(workspace: Workspace, stack: SynthStack, statement: PolicyStatement): (string | undefined)[] {
  const hosts: (string | undefined)[] = [];
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    if (!REQUIRING.test(operator) || typeof entries !== "object" || entries === null) continue;
    for (const key of Object.keys(entries)) {
      const issuer = /^(.+):(sub|aud|repository|workflow|ref|job_workflow_ref)$/.exec(key)?.[1];
      if (issuer === undefined) continue;
      hosts.push(isExpression(issuer) ? providerHost(workspace, stack, issuer) : issuer.replace(/^https:\/\//, "").split("/")[0]);
    }
  }
  return hosts;
}

function isCiIdentity(workspace: Workspace, stack: SynthStack, statement: PolicyStatement, federated: string): boolean {
  const host = providerHost(workspace, stack, federated);
  if (host !== undefined) return CI_HOSTS.test(host);
  // Provider unknown (a variable, a module output): CI only if every claim it requires is a CI issuer's.
  const hosts = requiredClaimHosts(workspace, stack, statement);
  return hosts.length > 0 && hosts.every((claimHost) => claimHost !== undefined && CI_HOSTS.test(claimHost));
}

export function trustedPrincipals(workspace: Workspace, stack: SynthStack, trust: PolicyResolution): TrustedPrincipals {
  const services: string[] = [];
  const webIdentities: { provider: string; ci: boolean }[] = [];
  const aws: string[] = [];
  const unknown: string[] = [];
  if (trust.kind !== "resolved") return { services, webIdentities, aws, unknown };
  for (const statement of trust.statements) {
    if (statement.Effect === "Deny" || statement.Principal === undefined) continue;
    const principal = statement.Principal as unknown;
    if (principal === "*") {
      aws.push("*");
      continue;
    }
    if (typeof principal !== "object" || principal === null) {
      unknown.push(String(principal));
      continue;
    }
    const { Service, AWS, Federated } = statement.Principal as Exclude<PolicyStatement["Principal"], "*" | undefined>;
    for (const service of asList(Service)) (isExpression(service) && !/^[a-z0-9.-]+\.amazonaws\.com/.test(service) ? unknown : services).push(service);
    aws.push(...asList(AWS));
    for (const federated of asList(Federated)) {
      if (SAML.test(federated) || asList(statement.Action).some((action) => /AssumeRoleWithSAML/i.test(action))) continue;
      if (!allowsWebIdentity(statement)) continue;
      webIdentities.push({ provider: federated, ci: isCiIdentity(workspace, stack, statement, federated) });
    }
  }
  return { services, webIdentities, aws, unknown };
}
