/** "Did you mean": the nearest known name within a few edits, or none. */
import { closestMatch, editDistance } from "../../../policies/catalogue/closest-match";

describe("closestMatch", () => {
  test("counts insertions, deletions and substitutions", () => {
    expect(editDistance("amazon.nova-lite-v1", "amazon.nova-lite-v1:0")).toBe(2);
    expect(editDistance("eu-wset-1", "eu-west-1")).toBe(2);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  test("finds the nearest candidate within the distance, the first of equals, and none beyond it", () => {
    expect(closestMatch("eu-wset-1", ["us-east-1", "eu-west-1", "eu-west-2"], 2)).toBe("eu-west-1");
    expect(closestMatch("eu-west-9", ["eu-west-1", "eu-west-2"], 2)).toBe("eu-west-1");
    expect(closestMatch("ap-south-9x", ["eu-west-1"], 2)).toBeUndefined();
    expect(closestMatch("x", [], 5)).toBeUndefined();
  });
});
