/**
 * Who a trust policy lets assume a role, as the review needs it: service principals, web
 * identities (EKS IRSA, Cognito identity pools, any OIDC provider) and other roles (role
 * chaining). A web identity is a workload unless its provider is a CI system: a GitHub Actions
 * deploy role that configures Bedrock is the admin side, not the application.
 */
import { followRemoteState, type PolicyResolution, type Workspace } from "./resolve";
import { parseReference, resourcesOf, stringOf, type SynthStack } from "./terraform-json";
import { asList, type PolicyStatement } from "../statement";

/** OIDC issuers of CI/CD systems: their roles deploy, they do not run the application. */
const CI_ISSUERS = /token\.actions\.githubusercontent\.com|gitlab\.|app\.terraform\.io|api\.bitbucket\.org|oidc\.circleci\.com|vstoken\.dev\.azure\.com|agent\.buildkite\.com|spacelift\.io|app\.env0\.com/i;
const SAML = /saml-provider|^saml$/i;

export interface TrustedPrincipals {
  readonly services: readonly string[];
  /** Web identities admitted, each with whether it is a CI provider. */
  readonly webIdentities: readonly { readonly provider: string; readonly ci: boolean }[];
  /** `AWS` principals as written (ARNs, account ids, references). */
  readonly aws: readonly string[];
}

const allowsWebIdentity = (statement: PolicyStatement) =>
  asList(statement.Action).some((action) => /^(sts:(AssumeRoleWithWebIdentity|\*|AssumeRole\*)|\*)$/i.test(action));

/** The OIDC provider's URL when the Federated value references an `aws_iam_openid_connect_provider` of the workspace. */
function providerUrl(workspace: Workspace, stack: SynthStack, value: string): string | undefined {
  const followed = followRemoteState(workspace, stack, value);
  const reference = parseReference(followed.value);
  if (reference?.mode !== "resource" || reference.type !== "aws_iam_openid_connect_provider") return undefined;
  const provider = resourcesOf(followed.stack.config, reference.type).find((candidate) => candidate.name === reference.name);
  return stringOf(provider?.block.url);
}

export function trustedPrincipals(workspace: Workspace, stack: SynthStack, trust: PolicyResolution): TrustedPrincipals {
  const services: string[] = [];
  const webIdentities: { provider: string; ci: boolean }[] = [];
  const aws: string[] = [];
  if (trust.kind !== "resolved") return { services, webIdentities, aws };
  for (const statement of trust.statements) {
    if (statement.Effect === "Deny" || statement.Principal === undefined) continue;
    if (statement.Principal === "*") {
      aws.push("*");
      continue;
    }
    services.push(...asList(statement.Principal.Service));
    aws.push(...asList(statement.Principal.AWS));
    const conditionKeys = Object.values(statement.Condition ?? {}).flatMap((entries) => Object.keys(entries)).join(" ");
    for (const federated of asList(statement.Principal.Federated)) {
      if (SAML.test(federated) || asList(statement.Action).some((action) => /AssumeRoleWithSAML/i.test(action))) continue;
      if (!allowsWebIdentity(statement)) continue;
      const evidence = `${federated} ${providerUrl(workspace, stack, federated) ?? ""} ${conditionKeys}`;
      webIdentities.push({ provider: federated, ci: CI_ISSUERS.test(evidence) });
    }
  }
  return { services, webIdentities, aws };
}
