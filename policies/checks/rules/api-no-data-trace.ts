/**
 * Method settings never enable data tracing: it writes full request and response bodies (here:
 * prompts and answers) to the execution log, outside the function's own content-logging switch.
 */
import { settingsBlock } from "../api-gateway";
import { flag, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const apiNoDataTrace: Rule = {
  id: "api-no-data-trace",
  title: "API method settings do not log request and response bodies (data trace)",
  severity: "high",
  upstream: ["CKV_AWS_276"],
  resourceTypes: ["aws_api_gateway_method_settings"],
  check: ({ stack }) => {
    const all = resources(stack, "aws_api_gateway_method_settings");
    const findings: RuleFinding[] = all
      .filter((settings) => flag(settingsBlock(settings).data_trace_enabled) !== false)
      .map((settings) => ({
        resource: settings.address,
        message: "settings.data_trace_enabled is not false: full request and response bodies (prompts and answers) go to the execution log",
        fix: "set data_trace_enabled = false in the method settings",
        moduleOption: "chat.logContent (the function's own switch, if content logging is really wanted)",
      }));
    return { checked: all.length, findings };
  },
};
