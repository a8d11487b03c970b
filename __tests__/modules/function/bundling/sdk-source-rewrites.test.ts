/**
 * CHAT_BUNDLE_REWRITES, the checked SDK source rewrites that cut the chat bundle's cold-start
 * cost: each text to replace occurs exactly once in the SDK installed today (so the build would
 * apply it), and each rewrite says why it exists (the build's error repeats it when it stops applying).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CHAT_BUNDLE_REWRITES } from "../../../../modules/function/bundling/sdk-source-rewrites";

const ROOT = join(__dirname, "..", "..", "..", "..");


describe("CHAT_BUNDLE_REWRITES", () => {
  test.each(CHAT_BUNDLE_REWRITES.map((rewrite) => [`${rewrite.package}/${rewrite.module}`, rewrite] as const))("each text to replace occurs exactly once in the installed %s", (_name, rewrite) => {
    let source = readFileSync(join(ROOT, "node_modules", rewrite.package, rewrite.module), "utf8");
    for (const [find, replace] of rewrite.replacements) {
      expect({ find, count: source.split(find).length - 1 }).toEqual({ find, count: 1 });
      source = source.replace(find, () => replace);
    }
  });

  test("every rewrite says why it exists", () => {
    for (const rewrite of CHAT_BUNDLE_REWRITES) expect(rewrite.why.length).toBeGreaterThan(40);
  });
});
