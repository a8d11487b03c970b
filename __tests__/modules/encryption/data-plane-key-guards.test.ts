/**
 * DataPlaneKey's own check: its name prefix is judged with the same words by the key, by
 * ChatbotDataPlane (which creates it) and by the config's `name`; its deletion window, which
 * neither the data plane nor the config sets, by the key alone.
 */
import { TerraformVariable } from "cdktf";
import { DataPlaneKey, type DataPlaneKeyProps, dataPlaneKeyProblems } from "../../../modules/encryption/data-plane-key";
import { ChatbotDataPlane } from "../../../modules/stacks/chatbot-data-plane";
import { type Problem, PropError, describeProblem } from "../../../modules/core/validate";
import { BASE_CONFIG, fakeBundler, problemsOf, synthScope, withContext } from "../../helpers/terraform";

function refusal(construct: string, build: () => unknown): Problem[] {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(PropError);
    expect((error as Error).message).toMatch(new RegExp(`^${construct} '`));
    return [...(error as PropError).problems];
  }
  throw new Error(`expected ${construct} to refuse its props`);
}

const key = (props: Partial<DataPlaneKeyProps> | Record<string, unknown>) => () =>
  withContext((scope, context) => new DataPlaneKey(scope, "key", { namePrefix: "chatbot-test", context, ...props }));

describe("DataPlaneKey guards", () => {
  test.each(["Chat_Bot", "x", "chatbot-"])("the name prefix %j: the key, ChatbotDataPlane and the config's name refuse it with the same words", (namePrefix) => {
    const own = refusal("DataPlaneKey", key({ namePrefix }));
    expect(own).toEqual([{ field: "namePrefix", value: namePrefix, fix: expect.stringMatching(/lower-case letters/) }]);
    const dataPlane = () => synthScope((scope) => new ChatbotDataPlane(scope, "chatbot", { namePrefix, models: [{ modelId: "amazon.nova-lite-v1:0" }], network: BASE_CONFIG.network, bundler: fakeBundler }));
    expect(refusal("ChatbotDataPlane", dataPlane)).toEqual(own);
    expect(problemsOf({ name: namePrefix })).toEqual([describeProblem({ ...own[0], field: "name" })]);
  });

  test.each([[6], [31], [7.5], ["30"]])("a deletion window of %j days is refused", (deletionWindowInDays) => {
    expect(refusal("DataPlaneKey", key({ deletionWindowInDays }))).toEqual([
      { field: "deletionWindowInDays", value: deletionWindowInDays, fix: "must be a whole number of days 7–30 (KMS's range)" },
    ]);
  });

  test("7 and 30 days pass and reach the key", () => {
    for (const days of [7, 30]) {
      const json = key({ deletionWindowInDays: days })();
      expect(Object.values(json.resource!.aws_kms_key)[0]).toMatchObject({ deletion_window_in_days: days });
    }
  });

  test("every problem at once, under the caller's prefix; tokens pass", () => {
    expect(dataPlaneKeyProblems({ namePrefix: "X", deletionWindowInDays: 3 }, "key").map((p) => p.field)).toEqual(["key.namePrefix", "key.deletionWindowInDays"]);
    synthScope((scope) => {
      const days = new TerraformVariable(scope, "days", { type: "number" }).numberValue;
      const prefix = new TerraformVariable(scope, "prefix", { type: "string" }).stringValue;
      expect(dataPlaneKeyProblems({ namePrefix: prefix, deletionWindowInDays: days })).toEqual([]);
    });
  });
});
