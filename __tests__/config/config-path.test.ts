/** Which configuration file main.ts reads: CHATBOT_CONFIG, or the shipped config/dev.json. */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { configPathFromEnvironment, DEFAULT_CONFIG_PATH } from "../../config/config-path";
import * as load from "../../config/load";

describe("configPathFromEnvironment", () => {
  test("without CHATBOT_CONFIG: the dev.json that ships beside it", () => {
    expect(configPathFromEnvironment({})).toBe(DEFAULT_CONFIG_PATH);
    expect(DEFAULT_CONFIG_PATH).toBe(join(__dirname, "..", "..", "config", "dev.json"));
    expect(existsSync(DEFAULT_CONFIG_PATH)).toBe(true);
  });

  test("CHATBOT_CONFIG, resolved against the working directory", () => {
    expect(configPathFromEnvironment({ CHATBOT_CONFIG: "config/prod.json" })).toBe(resolve("config/prod.json"));
    expect(configPathFromEnvironment({ CHATBOT_CONFIG: "/etc/bot.json" })).toBe("/etc/bot.json");
  });

  test("an empty CHATBOT_CONFIG counts as unset", () => {
    expect(configPathFromEnvironment({ CHATBOT_CONFIG: "" })).toBe(DEFAULT_CONFIG_PATH);
  });

  test("config/load re-exports the same functions (main.ts and the library read them from there)", () => {
    expect(load.configPathFromEnvironment).toBe(configPathFromEnvironment);
    expect(load.DEFAULT_CONFIG_PATH).toBe(DEFAULT_CONFIG_PATH);
  });
});
