/**
 * moto's server on loopback as the AWS the emulator tests deploy to, and what it cannot stand in
 * for. A resource type in EMULATOR_UNSUPPORTED is planned with the rest but not applied (nor is
 * anything that depends on it); the tests list what was left out, and a stale entry fails them.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { dependencyEdges } from "../../policies/deployability";
import type { TerraformConfig } from "../../policies/extract/terraform-json";
import type { Toolchain } from "./toolchain";

/** Resource types moto cannot create, with the reason; each is still planned (and validated). */
export const EMULATOR_UNSUPPORTED: Readonly<Record<string, string>> = {
  aws_bedrock_guardrail: "moto has no Bedrock guardrail API (CreateGuardrail)",
  aws_bedrock_guardrail_version: "moto has no Bedrock guardrail API (CreateGuardrailVersion)",
  aws_cloudwatch_metric_alarm:
    "the provider's CloudWatch client speaks the rpc-v2-cbor protocol, which moto's CloudWatch does not (PutMetricAlarm fails with an empty error)",
};

/**
 * Resource types applied in the emulator but removed from state instead of destroyed, because
 * moto cannot undo them, with the reason.
 */
export const EMULATOR_NOT_DESTROYED: Readonly<Record<string, string>> = {
  aws_api_gateway_account:
    "destroying it resets the account's CloudWatch role (UpdateAccount replacing /cloudwatchRoleArn with no value), which moto cannot parse; the provider then waits until it times out",
};

/**
 * Arguments set differently in the emulator's working copies, because moto cannot honour them,
 * by `<type>.<argument>`: the value used, and why.
 */
export const EMULATOR_ADJUSTMENTS: Readonly<Record<string, { readonly value: unknown; readonly reason: string }>> = {
  "aws_lambda_function.replace_security_groups_on_destroy": {
    value: false,
    reason: "on destroy the provider moves the function to its VPC's default group, but moto reports every function's VPC as vpc-123abc",
  },
};

/** Applies EMULATOR_ADJUSTMENTS to a stack's configuration, in place; returns what it changed. */
export function adjustForEmulator(config: TerraformConfig): string[] {
  const changed: string[] = [];
  for (const [key, { value }] of Object.entries(EMULATOR_ADJUSTMENTS)) {
    const [type, argument] = key.split(".");
    for (const [name, block] of Object.entries(config.resource?.[type] ?? {})) {
      if ((block as Record<string, unknown>)[argument] === undefined || (block as Record<string, unknown>)[argument] === value) continue;
      (block as Record<string, unknown>)[argument] = value;
      changed.push(`${type}.${name}.${argument}`);
    }
  }
  return changed;
}

/**
 * Attributes moto does not give back as AWS does, so that a second plan against it shows a
 * change AWS would not: each is accepted in the no-change plan, and only these, with the reason.
 */
export const EMULATOR_DRIFT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  aws_api_gateway_integration: { response_transfer_mode: "moto's API Gateway does not keep responseTransferMode (REST response streaming)" },
  aws_lambda_function: { logging_config: "moto's GetFunction returns no LoggingConfig" },
  aws_vpc_security_group_ingress_rule: {
    description: "moto's DescribeSecurityGroupRules returns no Description",
    referenced_security_group_id: "moto returns the referenced group as <account>/<group id>",
  },
  aws_vpc_security_group_egress_rule: {
    description: "moto's DescribeSecurityGroupRules returns no Description",
    referenced_security_group_id: "moto returns the referenced group as <account>/<group id>",
  },
};

interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
    readonly after_unknown?: Record<string, unknown>;
  };
}

/**
 * The changes of a plan (`terraform show -json`) that are not emulator drift: every action other
 * than no-op, with the top-level attributes it would change, minus those EMULATOR_DRIFT accepts.
 * Returns the accepted drift too, so the test can say what it let through.
 */
export function unexpectedChanges(planJson: { resource_changes?: readonly ResourceChange[] }): { unexpected: string[]; drift: string[] } {
  const unexpected: string[] = [];
  const drift: string[] = [];
  for (const resource of planJson.resource_changes ?? []) {
    const { actions, before, after, after_unknown: unknown } = resource.change;
    if (actions.length === 1 && (actions[0] === "no-op" || actions[0] === "read")) continue;
    if (!(actions.length === 1 && actions[0] === "update")) {
      unexpected.push(`${resource.address}: ${actions.join("+")}`);
      continue;
    }
    const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {}), ...Object.keys(unknown ?? {})]);
    const changed = [...keys].filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]) || unknown?.[key] === true).sort();
    const accepted = EMULATOR_DRIFT[resource.type] ?? {};
    for (const key of changed) (key in accepted ? drift : unexpected).push(`${resource.address}.${key}`);
  }
  return { unexpected, drift };
}

/**
 * Attributes of unsupported resources that a producing stack outputs (and a consuming stack reads
 * through remote state), with stand-in values in the shape AWS returns, by `<type>.<attribute>`.
 */
export const STAND_IN_ATTRIBUTES: Readonly<Record<string, (region: string) => string>> = {
  "aws_bedrock_guardrail.guardrail_arn": (region) => `arn:aws:bedrock:${region}:123456789012:guardrail/emulatorgrd1`,
  "aws_bedrock_guardrail.guardrail_id": () => "emulatorgrd1",
  "aws_bedrock_guardrail_version.version": () => "1",
};

/**
 * The configuration with each reference to a stand-in attribute of an unsupported resource in the
 * same stack (`${aws_bedrock_guardrail.g.guardrail_arn}`) replaced by the stand-in, so that what
 * reads it (a role's policy naming the guardrail) is still applied.
 */
export function withStandInReferences(config: TerraformConfig, region: string): TerraformConfig {
  const text = JSON.stringify(config).replace(/\$\{([\w-]+)\.([\w-]+)\.([\w-]+)\}/g, (reference, type: string, _name: string, attribute: string) => {
    const standIn = STAND_IN_ATTRIBUTES[`${type}.${attribute}`];
    return standIn ? standIn(region) : reference;
  });
  return JSON.parse(text) as TerraformConfig;
}

/** The stand-in for an output whose value is `${<type>.<name>.<attribute>}` of an unsupported resource, if there is one. */
export function standInOutput(expression: unknown, region: string): string | undefined {
  const match = typeof expression === "string" ? /^\$\{([\w-]+)\.[\w-]+\.([\w-]+)\}$/.exec(expression) : null;
  const standIn = match ? STAND_IN_ATTRIBUTES[`${match[1]}.${match[2]}`] : undefined;
  return standIn?.(region);
}

export interface Emulator {
  readonly url: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts moto_server on 127.0.0.1 and waits until it answers (at most 30 s). */
export async function startEmulator(toolchain: Toolchain): Promise<Emulator> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(toolchain.motoServer, ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr = (stderr + String(chunk)).slice(-4000)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/moto-api/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not start on ${url}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    reset: async () => {
      await fetch(`${url}/moto-api/reset`, { method: "POST" });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
}

/** Resources the emulator can create: a supported type whose every dependency is supported too. */
export function applicableResources(config: TerraformConfig): string[] {
  const edges = dependencyEdges(config);
  const resources = [...edges.keys()].filter((address) => !/^(data|local|module|var)\./.test(address));
  const blocked = new Map<string, boolean>();
  const isBlocked = (address: string, seen: Set<string> = new Set()): boolean => {
    if (blocked.has(address)) return blocked.get(address)!;
    if (seen.has(address)) return false;
    seen.add(address);
    const type = address.replace(/^data\./, "").split(".")[0];
    const result = (!address.startsWith("data.") && type in EMULATOR_UNSUPPORTED) || (edges.get(address) ?? []).some((target) => isBlocked(target, seen));
    blocked.set(address, result);
    return result;
  };
  return resources.filter((address) => !isBlocked(address)).sort();
}
