/**
 * Risky options chosen on purpose are reported by the rule pack as suppressed with the module's
 * reason (a marker it writes on the resource), so the review shows the choice without failing;
 * the same findings fail when the marker is absent.
 */
import { runChecks } from "../../../policies/checks/run";
import { loadSynthOutputs } from "../../../policies/extract/load";
import { BASE_CONFIG, config, synthApp } from "../../helpers/terraform";

function resultOf(api: Record<string, unknown>, ruleId: string) {
  const { outdir } = synthApp(config({ api }));
  return runChecks(loadSynthOutputs([outdir])).results.find((result) => result.ruleId === ruleId)!;
}

describe("explicit choices in the rule pack", () => {
  test("authorization NONE is reported as a suppressed api-authorization finding with the module's reason", () => {
    const result = resultOf({ authorization: "NONE", waf: { rateLimitPer5Minutes: 500 } }, "api-authorization");
    expect(result.status).not.toBe("failed");
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0].suppression?.reason).toMatch(/anonymous access chosen explicitly/);
  });

  test("data trace on is reported as a suppressed api-no-data-trace finding", () => {
    const result = resultOf({ executionLogLevel: "INFO", dataTraceEnabled: true }, "api-no-data-trace");
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0].suppression?.reason).toMatch(/data trace chosen explicitly/);
  });

  test("without those choices there is nothing to report and no marker in the output", () => {
    const { data } = synthApp(config({ network: BASE_CONFIG.network }));
    expect(JSON.stringify(data)).not.toMatch(/chosen explicitly/);
    expect(resultOf({}, "api-authorization").findings).toEqual([]);
  });
});
