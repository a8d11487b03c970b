import fc from "fast-check";
import { actionMatches, patternCovers, patternsIntersect } from "../../../policies/evaluator/action-match";

describe("actionMatches", () => {
  it("compares case-insensitively, service prefix included", () => {
    expect(actionMatches("BEDROCK:invokemodel", "bedrock:InvokeModel")).toBe(true);
  });

  it("lets * match any run of characters, including none", () => {
    expect(actionMatches("bedrock:Invoke*", "bedrock:InvokeBuilder")).toBe(true);
    expect(actionMatches("bedrock:InvokeModel*", "bedrock:InvokeModel")).toBe(true);
    expect(actionMatches("bedrock:*Model*", "bedrock:CreateModelCustomizationJob")).toBe(true);
  });

  it("lets ? match exactly one character", () => {
    expect(actionMatches("bedrock:InvokeMode?", "bedrock:InvokeModel")).toBe(true);
    expect(actionMatches("bedrock:InvokeMode?", "bedrock:InvokeMode")).toBe(false);
    expect(actionMatches("bedrock:InvokeMode?", "bedrock:InvokeModels")).toBe(false);
  });

  it("treats a bare * as every action of every service", () => {
    expect(actionMatches("*", "aws-marketplace:Subscribe")).toBe(true);
  });

  it("keeps services apart and anchors both ends", () => {
    expect(actionMatches("bedrock:*", "bedrock-agent:Foo")).toBe(false);
    expect(actionMatches("s3:Get*", "bedrock:GetFoundationModel")).toBe(false);
    expect(actionMatches("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream")).toBe(false);
  });

  it("treats regular-expression characters literally", () => {
    expect(actionMatches("bedrock:Invoke.odel", "bedrock:InvokeModel")).toBe(false);
  });
});

describe("patternsIntersect", () => {
  it("finds an action both patterns match, across wildcards on either side", () => {
    expect(patternsIntersect("*", "aws-marketplace:*")).toBe(true);
    expect(patternsIntersect("aws-*:Sub*", "aws-marketplace:*")).toBe(true);
    expect(patternsIntersect("bedrock:Get*", "bedrock:*Model")).toBe(true);
    expect(patternsIntersect("iam:Pass?ole", "IAM:PASSROLE")).toBe(true);
  });

  it("says no when the patterns cannot meet", () => {
    expect(patternsIntersect("s3:*", "aws-marketplace:*")).toBe(false);
    expect(patternsIntersect("bedrock:Get*", "bedrock:List*")).toBe(false);
  });
});

describe("patternCovers", () => {
  it("holds when the outer pattern matches everything the inner one does", () => {
    expect(patternCovers("*", "aws-marketplace:*")).toBe(true);
    expect(patternCovers("aws-marketplace:*", "aws-marketplace:Sub*")).toBe(true);
    expect(patternCovers("bedrock:*", "bedrock:InvokeModel")).toBe(true);
  });

  it("does not hold when the inner pattern reaches further", () => {
    expect(patternCovers("aws-marketplace:Sub*", "aws-marketplace:*")).toBe(false);
    expect(patternCovers("bedrock:Invoke?", "bedrock:Invoke*")).toBe(false);
  });
});

describe("pattern algebra agrees with matching (property)", () => {
  const symbol = fc.constantFrom("a", "b", ":", "*", "?");
  const pattern = fc.array(symbol, { maxLength: 6 }).map((chars) => chars.join(""));
  const action = fc.array(fc.constantFrom("a", "b", ":"), { maxLength: 6 }).map((chars) => chars.join(""));

  it("two patterns that both match an action intersect", () => {
    fc.assert(
      fc.property(pattern, pattern, action, (a, b, concrete) => {
        fc.pre(actionMatches(a, concrete) && actionMatches(b, concrete));
        return patternsIntersect(a, b);
      }),
    );
  });

  it("a cover is never claimed when some action matches the inner pattern but not the outer", () => {
    fc.assert(
      fc.property(pattern, pattern, action, (outer, inner, concrete) => {
        fc.pre(patternCovers(outer, inner));
        return !actionMatches(inner, concrete) || actionMatches(outer, concrete);
      }),
    );
  });
});
