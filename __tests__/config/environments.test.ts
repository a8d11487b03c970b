/**
 * Every environment file in config/ is valid, synthesizes, passes the permission review, and keeps
 * its stacks and state apart from the other environments'.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
import { reviewSynthOutput } from "../../policies/review";
import { synthApp } from "../helpers/terraform";

const CONFIG_DIR = join(__dirname, "..", "..", "config");
const environments = readdirSync(CONFIG_DIR)
  .filter((name) => name.endsWith(".json"))
  .map((name) => ({ file: name, config: loadConfig(join(CONFIG_DIR, name)) }));
const synthesized = environments.map((env) => ({ ...env, ...synthApp(env.config) }));

describe("environment configurations", () => {
  test("there are at least dev and prod", () => {
    expect(environments.map((e) => e.file)).toEqual(expect.arrayContaining(["dev.json", "prod.json"]));
  });

  test("stack names and resource name prefixes are distinct across environments", () => {
    const stackNames = synthesized.flatMap((env) => [env.stacks.controlPlane.node.id, env.stacks.dataPlane.node.id]);
    expect(new Set(stackNames).size).toBe(stackNames.length);
    const prefixes = environments.map((env) => env.config.name);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  test("no two environments share a state file or state object", () => {
    const states = synthesized.flatMap((env) => [env.control, env.data].map((json) => JSON.stringify(json.terraform?.backend)));
    expect(new Set(states).size).toBe(states.length);
  });

  test.each(synthesized.map((env) => [env.file, env] as const))("%s tags every resource with its environment through the provider's default tags", (_file, env) => {
    for (const json of [env.control, env.data]) {
      const provider = (json.provider as { aws: { default_tags: { tags: Record<string, string> }[] }[] }).aws[0];
      expect(provider.default_tags[0].tags).toMatchObject({ ...env.config.tags, BedrockChatbot: env.config.name });
    }
  });

  test.each(synthesized.map((env) => [env.file, env] as const))("%s passes the permission review", (_file, env) => {
    expect(reviewSynthOutput(env.outdir).violations).toEqual([]);
  });
});
