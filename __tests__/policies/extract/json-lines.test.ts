import { jsonBlockLines } from "../../../policies/extract/json-lines";

describe("the line of each block in Terraform JSON", () => {
  it("finds resources, data sources, modules and locals, in object and array bodies", () => {
    const text = [
      "{",
      '  "//": { "metadata": { "resource": { "not": { "this": 1 } } } },',
      '  "resource": {',
      '    "aws_iam_role": {',
      '      "app": { "name": "a \\" } quoted" },',
      '      "other": [{}]',
      "    }",
      "  },",
      '  "data": [{ "aws_iam_policy_document": {',
      '    "doc": [{ "statement": [{ "resources": ["*"] }] }] } }],',
      '  "module": { "m": { "source": "./m" } },',
      '  "locals": [{ "l": 1 }]',
      "}",
    ].join("\n");
    expect(Object.fromEntries(jsonBlockLines(text))).toEqual({
      "aws_iam_role.app": 5,
      "aws_iam_role.other": 6,
      "data.aws_iam_policy_document.doc": 10,
      "module.m": 11,
      "local.l": 12,
    });
  });

  it("never throws on text that is not JSON", () => {
    expect(() => jsonBlockLines('{"resource": {"a": {"b": [')).not.toThrow();
    expect(jsonBlockLines("not json").size).toBe(0);
  });
});
