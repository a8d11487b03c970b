/** Where API caching is on, the cached responses are encrypted at rest. Passes when nothing is cached. */
import { settingsBlock } from "../api-gateway";
import { flag, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const apiCacheEncryption: Rule = {
  id: "api-cache-encryption",
  title: "Cached API responses are encrypted",
  severity: "medium",
  upstream: ["CKV_AWS_308", "AVD-AWS-0002"],
  resourceTypes: ["aws_api_gateway_method_settings"],
  check: ({ stack }) => {
    const all = resources(stack, "aws_api_gateway_method_settings");
    const findings: RuleFinding[] = all
      .filter((settings) => flag(settingsBlock(settings).caching_enabled) !== false && flag(settingsBlock(settings).cache_data_encrypted) !== true)
      .map((settings) => ({ resource: settings.address, message: "caching_enabled is on but cache_data_encrypted is not true", fix: "set cache_data_encrypted = true (or turn caching off)" }));
    return { checked: all.length, findings };
  },
};
