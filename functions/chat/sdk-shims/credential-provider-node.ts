/**
 * Bundle-only stand-in for `@aws-sdk/credential-provider-node` (see modules/function/bundling/chat-bundle.ts).
 *
 * Lambda hands the function its role's credentials in environment variables, so the full
 * provider chain (SSO, profiles, STS web identity, IMDS, …, ~90 KB minified with the nested
 * clients they bring) is dead weight here. Only the environment is read.
 */
interface EnvCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export const defaultProvider =
  (_init?: unknown) =>
  async (): Promise<EnvCredentials> => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw Object.assign(new Error("No credentials in the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)"), { name: "CredentialsProviderError", tryNextLink: false });
    }
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    const expiry = process.env.AWS_CREDENTIAL_EXPIRATION;
    return {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      ...(expiry ? { expiration: new Date(expiry) } : {}),
    };
  };
