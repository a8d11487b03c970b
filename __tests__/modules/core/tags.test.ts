/**
 * Deployment tags held to AWS's tagging rules at synth (tagsProblems): no `aws:` key, keys and
 * values within AWS's lengths and IAM's characters, none of the module's own keys, and at most
 * 50 tags on any resource once the module's are added. Through the stacks and the configuration
 * too, and the module's own keys held to what it declares.
 */
import { join } from "node:path";
import { App, Testing, TerraformVariable } from "cdktf";
import { loadConfig } from "../../../config/load";
import { MAX_DEPLOYMENT_TAGS, MODULE_TAG_KEYS, tagsProblems } from "../../../modules/core/tags";
import { ControlPlaneStack } from "../../../modules/stacks/control-plane-stack";
import { problemsOf, synthApp, type TerraformJson } from "../../helpers/terraform";

const tagsOf = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`Tag${index}`, "x"]));
const fields = (tags: Record<string, string>) => tagsProblems("tags", tags).map((problem) => problem.field);

describe("tagsProblems", () => {
  test("a key starting aws:, in any case, is refused: AWS reserves it", () => {
    for (const key of ["aws:cost", "AWS:cost", "Aws:Cost"]) {
      expect(tagsProblems("tags", { [key]: "x" })).toEqual([
        { field: `tags[${JSON.stringify(key)}]`, value: key, fix: "a key starting with aws: (in any case) is reserved for AWS, which refuses it; choose another key" },
      ]);
    }
    expect(tagsProblems("tags", { awsAccount: "x", "team:aws": "x" })).toEqual([]);
  });

  test("the module's own keys are refused: one would be overwritten, the other would mislabel a plane", () => {
    expect(fields({ BedrockChatbot: "x", BedrockPlane: "data", Name: "mine" })).toEqual(['tags["BedrockChatbot"]', 'tags["BedrockPlane"]']);
  });

  test(`${MAX_DEPLOYMENT_TAGS} tags pass; one more is refused, counting the module's own against AWS's 50 per resource`, () => {
    expect(MAX_DEPLOYMENT_TAGS).toBe(48);
    expect(tagsProblems("tags", tagsOf(48))).toEqual([]);
    expect(tagsProblems("tags", tagsOf(49))).toEqual([
      {
        field: "tags",
        value: 49,
        fix: "lists 49 tags; with the module's own (BedrockChatbot on every resource, and Name or BedrockPlane) a resource would carry 51, over AWS's 50 per resource: list at most 48",
      },
    ]);
  });

  test("keys have 1–128 characters and values at most 256, counted in characters, not bytes", () => {
    expect(tagsProblems("tags", { ["é".repeat(128)]: "ü".repeat(256) })).toEqual([]);
    expect(tagsProblems("tags", { ["k".repeat(129)]: "x" })).toEqual([expect.objectContaining({ fix: "a tag key has 1–128 characters (AWS's limit); it has 129" })]);
    expect(tagsProblems("tags", { "": "x" })).toEqual([expect.objectContaining({ fix: "a tag key has 1–128 characters (AWS's limit); it has 0" })]);
    expect(tagsProblems("tags", { Team: "v".repeat(257) })).toEqual([{ field: 'tags["Team"]', value: `${"v".repeat(20)}…`, fix: "a tag value has at most 256 characters (AWS's limit); it has 257" }]);
    expect(tagsProblems("tags", { Team: "" })).toEqual([]);
  });

  test("only the characters IAM accepts in a tag (the strictest service the module tags)", () => {
    expect(tagsProblems("tags", { "Cost Center": "platform/ai-1 @eu=+_.:" })).toEqual([]);
    expect(fields({ "cost#center": "x", Team: "a,b" })).toEqual(['tags["cost#center"]', 'tags["Team"]']);
  });

  test("every problem at once; tokens are left to plan time", () => {
    expect(fields({ "aws:x": "1", BedrockPlane: "2", ...tagsOf(48) })).toEqual(['tags["aws:x"]', 'tags["BedrockPlane"]', "tags"]);
    const scope = Testing.app();
    const stack = new ControlPlaneStack(scope, "s", { namePrefix: "chatbot-test", region: "eu-west-1", admin: { principalArns: ["arn:aws:iam::111122223333:role/PlatformTeam"] } });
    const token = new TerraformVariable(stack, "team", { type: "string" }).stringValue;
    expect(tagsProblems("tags", { Team: token })).toEqual([]);
  });
});

describe("tags through the stacks and the configuration", () => {
  const admin = { principalArns: ["arn:aws:iam::111122223333:role/PlatformTeam"] };

  test("a stack refuses bad defaultTags before it writes anything", () => {
    expect(() => new ControlPlaneStack(new App(), "s", { namePrefix: "chatbot-test", region: "eu-west-1", admin, defaultTags: { "aws:team": "ai" } })).toThrow(
      `ControlPlaneStack 's': defaultTags["aws:team"]: a key starting with aws: (in any case) is reserved for AWS, which refuses it; choose another key (got "aws:team")`,
    );
  });

  test("the configuration's tags are refused under its own field name", () => {
    expect(problemsOf({ tags: { "AWS:team": "ai" } })).toEqual([
      'tags["AWS:team"]: a key starting with aws: (in any case) is reserved for AWS, which refuses it; choose another key (got "AWS:team")',
    ]);
  });
});

describe("the module's own tags, as synthesized", () => {
  // Every option on, resources created: the configuration with the most tagged resources.
  const cfg = loadConfig(join(__dirname, "..", "..", "fixtures", "configs", "all-options-created.json"));
  const { control, data } = synthApp(cfg);
  const resourceTags = (json: TerraformJson) =>
    Object.values((json.resource ?? {}) as Record<string, Record<string, { tags?: Record<string, string> }>>).flatMap((blocks) => Object.values(blocks).map((block) => Object.keys(block.tags ?? {})));
  const defaultTagKeys = (json: TerraformJson) => Object.keys((json.provider as { aws: { default_tags: { tags: Record<string, string> }[] }[] }).aws[0].default_tags[0].tags);

  test("the provider adds the deployment's tags and the module's every-resource keys, nothing else", () => {
    for (const json of [control, data]) expect(defaultTagKeys(json).sort()).toEqual([...Object.keys(cfg.tags), ...MODULE_TAG_KEYS.everyResource].sort());
  });

  test("no resource carries more than one of the module's own keys, and none that MODULE_TAG_KEYS does not declare", () => {
    const perResource = [...resourceTags(control), ...resourceTags(data)];
    expect(perResource.some((keys) => keys.length > 0)).toBe(true);
    for (const keys of perResource) {
      expect(keys.length).toBeLessThanOrEqual(1);
      for (const key of keys) expect(MODULE_TAG_KEYS.perResource).toContain(key);
    }
  });
});
