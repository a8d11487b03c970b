/**
 * The value checks every construct's `…Problems` function is written with (modules/core/validate.ts):
 * the words each one's fix is made of, and that tokens pass.
 */
import { TerraformVariable } from "cdktf";
import { booleanProblems, integerRangeProblems, listProblems, oneOfProblems, sameRegionProblems } from "../../../modules/core/validate";
import { synthScope } from "../../helpers/terraform";

describe("value checks", () => {
  test.each<[Parameters<typeof integerRangeProblems>[2], string | undefined, string]>([
    [{ min: 1, max: 10 }, undefined, "must be a whole number 1–10"],
    [{ min: 1, max: 10 }, "the requests per second", "must be a whole number 1–10: the requests per second"],
    [{ min: 1, max: Number.MAX_SAFE_INTEGER }, "the tokens that raise the alarm", "must be a whole number of at least 1: the tokens that raise the alarm"],
    [{ min: 1, max: 900, unit: "seconds", note: "Lambda's limit" }, undefined, "must be a whole number of seconds 1–900 (Lambda's limit)"],
    [{ min: 1, max: 1000, note: "the most concurrent invocations" }, undefined, "must be a whole number 1–1000 (the most concurrent invocations)"],
  ])("integerRangeProblems words %j, why %j", (range, why, fix) => {
    for (const value of [range.min - 1, 1.5, "5", undefined, null]) expect(integerRangeProblems("n", value, range, why)).toEqual([{ field: "n", value, fix }]);
    expect(integerRangeProblems("n", range.min, range, why)).toEqual([]);
    expect(integerRangeProblems("n", Math.min(range.max, 1e6), range, why)).toEqual([]);
  });

  test("oneOfProblems quotes strings, not numbers, and names the list when told", () => {
    expect(oneOfProblems("p", "YEAR", ["DAY", "WEEK"])).toEqual([{ field: "p", value: "YEAR", fix: 'must be one of "DAY", "WEEK"' }]);
    expect(oneOfProblems("d", 2, [1, 3], "CloudWatch Logs' retention periods")).toEqual([{ field: "d", value: 2, fix: "must be one of CloudWatch Logs' retention periods: 1, 3" }]);
    expect(oneOfProblems("d", "1", [1, 3])).toEqual([{ field: "d", value: "1", fix: "must be one of 1, 3" }]);
    expect(oneOfProblems("p", "DAY", ["DAY", "WEEK"])).toEqual([]);
  });

  test("booleanProblems", () => {
    expect(booleanProblems("b", "yes")).toEqual([{ field: "b", value: "yes", fix: "must be true or false" }]);
    expect(booleanProblems("b", false)).toEqual([]);
  });

  describe("listProblems", () => {
    const word = (where: string, entry: unknown) => (typeof entry === "string" && /^[a-z]+$/.test(entry) ? [] : [{ field: where, value: entry, fix: "use a-z" }]);
    const rule = { count: { min: 1, max: 3, fix: "list 1–3 words" }, entry: word, duplicates: { fix: "remove the duplicate" } };

    test.each([[[]], [["a", "b", "c", "d"]], ["a"], [undefined]])("%j is refused as a whole", (list) => {
      expect(listProblems("words", list, rule)).toEqual([{ field: "words", value: list, fix: "list 1–3 words" }]);
    });

    test("each entry at its own index, in order: its own problems, or listed twice", () => {
      expect(listProblems("words", ["a", "a", "B"], rule)).toEqual([
        { field: "words[1]", value: "a", fix: "is listed twice; remove the duplicate" },
        { field: "words[2]", value: "B", fix: "use a-z" },
      ]);
    });

    test("a malformed entry is named for its form alone, however often it is repeated", () => {
      expect(listProblems("words", ["B", "B"], rule)).toEqual([
        { field: "words[0]", value: "B", fix: "use a-z" },
        { field: "words[1]", value: "B", fix: "use a-z" },
      ]);
    });

    test("duplicates compare by key, the key being the value named", () => {
      const byId = { count: { min: 1, fix: "list one" }, duplicates: { fix: "remove the duplicate", key: (entry: unknown) => (entry as { id: string }).id } };
      expect(listProblems("models", [{ id: "x" }, { id: "x" }], byId)).toEqual([{ field: "models[1]", value: "x", fix: "is listed twice; remove the duplicate" }]);
    });
  });

  test("sameRegionProblems names both regions; an unknown deployment region skips it", () => {
    const pattern = /^arn:aws:sns:([a-z0-9-]+):\d{12}:[\w-]+$/;
    const arn = "arn:aws:sns:us-east-1:111122223333:alarms";
    expect(sameRegionProblems("topicArn", arn, pattern, "eu-west-1", "alarms notify their own region")).toEqual([
      { field: "topicArn", value: arn, fix: "is in us-east-1, the stacks in eu-west-1: alarms notify their own region" },
    ]);
    expect(sameRegionProblems("topicArn", arn, pattern, "us-east-1", "")).toEqual([]);
    expect(sameRegionProblems("topicArn", arn, pattern, undefined, "")).toEqual([]);
  });

  test("tokens pass every check", () => {
    synthScope((scope) => {
      const number = new TerraformVariable(scope, "number", { type: "number" }).numberValue;
      const text = new TerraformVariable(scope, "text", { type: "string" }).stringValue;
      const list = new TerraformVariable(scope, "list", { type: "list(string)" }).listValue;
      const flag = new TerraformVariable(scope, "flag", { type: "bool" }).booleanValue;
      expect(integerRangeProblems("n", number, { min: 1, max: 2 })).toEqual([]);
      expect(oneOfProblems("p", text, ["DAY"])).toEqual([]);
      expect(booleanProblems("b", flag)).toEqual([]);
      expect(listProblems("l", list, { count: { min: 2, fix: "" } })).toEqual([]);
      expect(listProblems("l", [text, text], { count: { min: 2, fix: "" }, duplicates: { fix: "" } })).toEqual([]);
      expect(sameRegionProblems("a", "arn:aws:sns:us-east-1:111122223333:t", /:sns:([a-z0-9-]+):/, text, "")).toEqual([]);
    });
  });
});
