/**
 * The static layer of "will Terraform and AWS accept it", on every stack of every shipped
 * configuration, fixture configuration and example: no reference cycle, meta-arguments as bare
 * addresses, every policy within its AWS size limit after interpolation, every served API
 * resource in its deployment's trigger. No binary needed; terraform.test.ts runs the real CLI.
 */
import { rmSync } from "node:fs";
import { deployabilityProblems } from "../policies/deployability";
import { loadSynthOutput } from "../policies/extract/load";
import { synthSources } from "./helpers/synth-outputs";

const sources = synthSources();

describe("every synthesized stack passes the static deployability checks", () => {
  test("the sources cover both environments, every-option configurations and every example", () => {
    const labels = sources.map((source) => source.label);
    expect(labels).toEqual(expect.arrayContaining(["config/dev.json", "config/prod.json", "fixtures/all-options-created.json", "fixtures/all-options-bring-your-own.json"]));
    expect(labels.filter((label) => label.startsWith("example ")).length).toBeGreaterThanOrEqual(3);
  });

  test.each(sources.map((source) => [source.label, source] as const))("%s", (_label, source) => {
    const outdir = source.synth();
    try {
      const stacks = loadSynthOutput(outdir);
      expect(stacks.length).toBeGreaterThan(0);
      expect(deployabilityProblems(stacks)).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);
});
