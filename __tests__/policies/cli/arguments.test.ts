import { FORMATS, HELP, parseArguments, USAGE } from "../../../policies/cli/arguments";
import { UnusableInputError } from "../../../policies/extract/errors";

describe("bedrock-plane-review arguments", () => {
  it("reads paths, options and --flag=value", () => {
    expect(parseArguments(["a", "--format=json", "--base", "b", "--no-checks", "c", "--accept-modules", "--fail-on-data-plane"])).toEqual({
      command: "review",
      paths: ["a", "c"],
      format: "json",
      base: "b",
      checks: false,
      review: { acceptModules: true, failOnDataPlane: true },
    });
  });

  it("reviews cdktf.out with the rule pack, as markdown, when given nothing", () => {
    expect(parseArguments([])).toEqual({ command: "review", paths: ["cdktf.out"], format: "markdown", checks: true, review: {} });
  });

  it.each([["--help"], ["-h"], ["cdktf.out", "--format", "json", "--help"]])("%s asks for help, wherever it stands", (...argv) => {
    expect(parseArguments(argv)).toEqual({ command: "help" });
  });

  it("--version asks for the version", () => {
    expect(parseArguments(["--version"])).toEqual({ command: "version" });
  });

  it.each([
    [["--colour"], /^unknown option --colour \(usage: /],
    [["--format", "yaml"], /^--format must be markdown, json or sarif, got yaml$/],
    [["--base"], /^--base needs a value/],
    [["--no-checks=yes"], /^unknown option --no-checks/],
  ])("refuses %j in one line", (argv, message) => {
    expect(() => parseArguments(argv)).toThrow(UnusableInputError);
    expect(() => parseArguments(argv)).toThrow(message);
  });

  it("--help names every option it accepts and every format, and the exit codes", () => {
    for (const option of USAGE.match(/--[a-z-]+/g) ?? []) expect(HELP).toContain(option);
    for (const format of FORMATS) expect(HELP).toContain(format);
    expect(HELP).toMatch(/Exit codes: 0 .* 1 .* 2 /);
  });
});
