/**
 * The "Chat API" page (docs/chat-api.md) is the API's contract for its users: its stop-reason table,
 * its limits table and its answer shapes must say what the function does (contract/*.ts and the
 * function's own output), so that neither can change alone. Its error table is checked code by
 * code in __tests__/contract/chat-errors.test.ts.
 */
import { CHAT_LIMITS } from "../../contract/chat-limits";
import { STOP_REASONS } from "../../contract/chat-stop-reasons";
import { loadConfig } from "../../functions/chat/core/config";
import { shapeConverseOutput } from "../../functions/chat/core/converse";
import { docSection } from "../helpers/docs";

/** The API itself: the page down to its "Local development" and "Chat page" sections. */
const section = docSection("chat-api", "# Chat API").split("\n## ")[0]!;

/** The rows of the first table whose header row is exactly `header`. */
function table(header: string): string[][] {
  const lines = section.split("\n");
  const at = lines.indexOf(header);
  if (at < 0) throw new Error(`no table "${header}" in docs/chat-api.md`);
  const rows: string[][] = [];
  for (const line of lines.slice(at + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.split("|").slice(1, -1).map((cell) => cell.trim()));
  }
  return rows;
}

describe("the Chat API page, docs/chat-api.md", () => {
  test("its stop-reason table gives each stop reason the completeness the function reports", () => {
    const rows = table("| `stopReason` | `completeness` | Meaning |");
    const documented = Object.fromEntries(rows.filter(([reason]) => reason!.startsWith("`")).map(([reason, completeness]) => [reason!.replace(/`/g, ""), completeness!.replace(/`/g, "")]));
    expect(documented).toEqual(STOP_REASONS);
    expect(rows.find(([reason]) => reason === "anything else")?.[1]).toBe("`incomplete`");
  });

  test("its limits table gives each limit the default and range of the shared table", () => {
    const rows = table("| Limit | Default | Range |");
    const documented = Object.fromEntries(rows.map(([limit, fallback, range]) => [/`(\w+)`/.exec(limit!)?.[1], { default: Number(fallback), range: /^\d+–\d+/.exec(range!)?.[0] }]));
    expect(documented).toEqual(Object.fromEntries(Object.entries(CHAT_LIMITS).map(([name, spec]) => [name, { default: spec.default, range: `${spec.min}–${spec.max}` }])));
  });

  test("its buffered answer and done event have the fields the function sends, in order", () => {
    const example = /\*\*Buffered\*\*[\s\S]*?```json\n(.*)\n```/.exec(section)?.[1];
    const answer = shapeConverseOutput(
      { output: { message: { role: "assistant", content: [{ text: "…" }] } }, stopReason: "end_turn", usage: { inputTokens: 12, outputTokens: 40, totalTokens: 52 }, metrics: { latencyMs: 830 } },
      loadConfig({ MODEL_ID: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0" }),
    );
    expect(Object.keys(JSON.parse(example!))).toEqual(Object.keys(answer));
    const { content: _content, ...summary } = answer;
    const done = /^\| `done` \| `\{ (.*) \}` \|/m.exec(section)?.[1];
    expect(done?.split(", ").map((field) => field.replace(/"/g, ""))).toEqual(Object.keys(summary));
  });
});
