/** The Security page (docs/security.md) names every scanner finding the module explains, and nothing else. */
import { SCANNER_EXPLANATIONS } from "../../../policies/checks/scanner-explanations";
import { docSection } from "../../helpers/docs";

const section = docSection("security", "## What the scanners report by design");

describe("scanner explanations", () => {
  test("each has a reason of substance and ids in the scanners' own form", () => {
    for (const explanation of SCANNER_EXPLANATIONS) {
      expect(explanation.reason.length).toBeGreaterThan(60);
      for (const id of explanation.ids) expect(id).toMatch(/^(CKV2?_AWS_\d+|AVD-AWS-\d{4})$/);
    }
  });

  test("docs/security.md lists exactly the explained ids, in \"What the scanners report by design\"", () => {
    const listed = new Set(section.match(/\b(?:CKV2?_AWS_\d+|AVD-AWS-\d{4})\b/g) ?? []);
    const explained = new Set(SCANNER_EXPLANATIONS.flatMap((explanation) => explanation.ids));
    for (const id of explained) expect({ id, listed: listed.has(id) }).toEqual({ id, listed: true });
    for (const id of listed) expect({ id, explained: explained.has(id) }).toEqual({ id, explained: true });
  });
});
