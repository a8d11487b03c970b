/** The markdown Checks section stays readable and within a PR comment when a rule fails everywhere. */
import { runChecks } from "../../../policies/checks/run";
import { sgDescriptions } from "../../../policies/checks/rules/sg-descriptions";
import { renderMarkdown } from "../../../policies/review/markdown";
import { reviewStacks } from "../../../policies/review/review";
import { stackOf } from "./helpers";

describe("markdown Checks section", () => {
  const groups = Object.fromEntries(Array.from({ length: 25 }, (_, index) => [`sg${index}`, { name: `sg${index}` }]));
  const stacks = [stackOf({ aws_security_group: groups })];
  const markdown = renderMarkdown(reviewStacks(stacks), undefined, runChecks(stacks, { rules: [sgDescriptions] }));

  it("shows the first ten findings of a rule and counts the rest", () => {
    const rows = markdown.split("\n").filter((line) => line.startsWith("| ❌"));
    expect(rows).toHaveLength(10);
    expect(markdown).toContain("… and 15 more failed finding(s) | every one is in `--format json` |");
  });
});
