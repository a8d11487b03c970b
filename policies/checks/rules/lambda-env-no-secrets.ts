/**
 * Function environment variables hold no credentials: values shaped like AWS access keys or
 * private keys, or literal values of variables named like secrets. Secrets belong in Secrets
 * Manager or SSM, read at run time. (Names such as MAX_OUTPUT_TOKENS are not secrets; only
 * SECRET, PASSWORD, PRIVATE_KEY, API_KEY and ACCESS_KEY names count.)
 */
import { block, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

const SECRET_VALUES: readonly [RegExp, string][] = [
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/, "an AWS access key id"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
];
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY)/i;

export const lambdaEnvNoSecrets: Rule = {
  id: "lambda-env-no-secrets",
  title: "Lambda environment variables hold no hard-coded secrets",
  severity: "high",
  upstream: ["CKV_AWS_45"],
  resourceTypes: ["aws_lambda_function"],
  check: ({ stack }) => {
    const functions = resources(stack, "aws_lambda_function");
    const findings: RuleFinding[] = [];
    for (const fn of functions) {
      const variables = block(fn.block.environment)?.variables;
      if (typeof variables !== "object" || variables === null || Array.isArray(variables)) continue;
      for (const [name, value] of Object.entries(variables)) {
        if (typeof value !== "string" || value === "") continue;
        const shaped = SECRET_VALUES.find(([pattern]) => pattern.test(value));
        const named = SECRET_NAME.test(name) && !value.includes("${");
        if (!shaped && !named) continue;
        findings.push({
          resource: fn.address,
          detail: `environment ${name}`,
          message: shaped ? `environment variable ${name} holds ${shaped[1]}` : `environment variable ${name} is named like a secret and holds a literal value`,
          fix: "store the secret in Secrets Manager or SSM Parameter Store (SecureString) and read it at run time; pass only its name or ARN",
        });
      }
    }
    return { checked: functions.length, findings };
  },
};
