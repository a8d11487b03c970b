/**
 * The proof's report for people (Markdown: a terminal reads it, a pull request or a ticket shows
 * it). Pure: renders a VerifyReport and adds nothing the JSON does not hold.
 */
import { cell, code } from "../review/markdown-text";
import type { ChatDiagnosis } from "./chat-diagnosis";
import type { OpenQuestionAnswer } from "./open-questions";
import type { SimulationSummary, VerifyReport } from "./report";

const ANSWER_PREVIEW_CHARS = 200;

function contextText(summary: SimulationSummary): string {
  return summary.context.length === 0 ? "none" : summary.context.map((entry) => `${entry.key} = ${entry.values.join(", ")}`).join("; ");
}

function simulationRow(summary: SimulationSummary, number: number): string {
  const { allowed, explicitDeny, implicitDeny, unanswered } = summary.decisions;
  const result = summary.asExpected ? "✅ as expected" : "❌ not as expected";
  const counts = `${allowed} / ${explicitDeny} / ${implicitDeny}${unanswered > 0 ? ` (${unanswered} unanswered)` : ""}`;
  return `| ${number} | ${cell(summary.title)} | ${summary.expect} | ${summary.asked} | ${counts} | ${result} |`;
}

/** "1–3, 5: aws:SourceVpce = …": the checks that passed the same request context, by number. */
function contextLines(checks: readonly SimulationSummary[]): string[] {
  const byContext = new Map<string, number[]>();
  checks.forEach((summary, index) => byContext.set(contextText(summary), [...(byContext.get(contextText(summary)) ?? []), index + 1]));
  return [...byContext.entries()].map(([context, numbers]) => `- check${numbers.length > 1 ? "s" : ""} ${numbers.join(", ")}: ${cell(context)}`);
}

function probeLine(summary: SimulationSummary): string {
  const decisions = Object.entries(summary.decisions)
    .filter(([, count]) => count > 0)
    .map(([decision, count]) => (summary.asked === 1 ? decision : `${count} ${decision}`))
    .join(", ");
  return `- ${cell(summary.title)}: **${decisions}** (context: ${cell(contextText(summary))})`;
}

function chatBlock(report: VerifyReport): string[] {
  const { chat } = report;
  const lines = [`### 2. A chat call through the deployed API`, ""];
  if (chat.skipped) lines.push(`Not made: ${chat.skipped}.`);
  else if (chat.diagnosis) lines.push(...diagnosisLines(chat.modelId, chat.diagnosis));
  if (chat.notCallable.length > 0) {
    lines.push(
      "",
      `Not callable through the API: ${chat.notCallable.map((id) => code(id)).join(", ")}. The chat function calls its first model only, so no request can reach the others; the simulation above shows whether the role may invoke them.`,
    );
  }
  return lines;
}

function diagnosisLines(modelId: string, chat: ChatDiagnosis): string[] {
  // "buffered" is the shape of the answer: a JSON body (a streaming stage answers a failure before its first event so too).
  const how = chat.mode === "stream" ? "streamed (Server-Sent Events, read to the end)" : chat.mode === "buffered" ? "JSON" : "no answer";
  const rows = [`| Model called | ${code(modelId)} |`, `| Answer | ${how}${chat.httpStatus !== undefined ? `, HTTP ${chat.httpStatus}` : ""} |`];
  if (chat.apiRequestId) rows.push(`| API request id | ${code(chat.apiRequestId)} |`);
  if (chat.status === "answered" && chat.answer) {
    const text = chat.answer.text.length > ANSWER_PREVIEW_CHARS ? `${chat.answer.text.slice(0, ANSWER_PREVIEW_CHARS)}…` : chat.answer.text;
    rows.push(`| Result | ✅ answered: “${cell(text)}” |`);
    const meta = [
      chat.answer.stopReason && `stop reason ${chat.answer.stopReason}`,
      chat.answer.completeness,
      chat.answer.outputTokens !== undefined && `${chat.answer.outputTokens} output tokens`,
      chat.answer.guardrailIntervened && "the guardrail intervened (its message is the answer)",
    ].filter(Boolean);
    if (meta.length > 0) rows.push(`| Details | ${cell(meta.join(", "))} |`);
  } else {
    rows.push(`| Result | ${chat.status === "failed" ? "❌ failed" : "⚠️ inconclusive"}${chat.code ? `: ${code(chat.code)}` : ""}${chat.message ? ` ${cell(chat.message)}` : ""} |`);
    if (chat.awsError) rows.push(`| AWS's error | ${code(chat.awsError.name)}${chat.awsError.message ? `: ${cell(chat.awsError.message)}` : ""} |`);
    else if (chat.logUnavailable) rows.push(`| AWS's error | not shown: ${cell(chat.logUnavailable)} |`);
    if (chat.likelyCause) rows.push(`| Likely cause | ${cell(chat.likelyCause)} |`);
  }
  return ["| | |", "|---|---|", ...rows];
}

function questionLine(answer: OpenQuestionAnswer): string {
  const status = answer.status === "settled" ? `**Settled: ${answer.answer}.**` : answer.status === "does not arise" ? "**Does not arise here.**" : "**Not settled.**";
  return `- ${answer.question}\n  ${status} ${answer.evidence.charAt(0).toUpperCase()}${answer.evidence.slice(1)}.`;
}

export function renderVerifyMarkdown(report: VerifyReport): string {
  const { target } = report;
  const failed = report.verdict === "fail";
  const headline = failed
    ? `**Result: FAIL**: ${report.failures.length} failure${report.failures.length === 1 ? "" : "s"}.`
    : `**Result: PASS**: the application role reaches no control-plane action${report.chat.diagnosis?.status === "answered" ? " and the chat answered" : ""}.`;
  const lines: string[] = [
    `## Bedrock plane proof`,
    "",
    headline,
    "",
    "| | |",
    "|---|---|",
    `| Account, region | ${code(target.accountId)}, ${code(target.region)} |`,
    `| Application role | ${code(target.roleArn)} |`,
    `| Models | ${target.modelIds.map((id) => code(id)).join(", ")} |`,
    `| Guardrail | ${target.guardrailIdentifier ? code(target.guardrailIdentifier) : "none"} |`,
    `| API | ${target.apiUrl ? `${code(target.apiUrl)} (${target.authorization})` : "not called"} |`,
    `| Run as | ${code(report.caller)} |`,
    `| Read from | ${cell(target.source)} |`,
    "",
  ];
  if (report.failures.length > 0) lines.push("### Failures", "", ...report.failures.map((line) => `- ${cell(line)}`), "");
  if (report.warnings.length > 0) lines.push("### Warnings", "", ...report.warnings.map((line) => `- ${cell(line)}`), "");

  const checks = report.simulations.filter((summary) => !summary.probe);
  const probes = report.simulations.filter((summary) => summary.probe);
  lines.push(
    "### 1. What the application role may do (IAM policy simulator)",
    "",
    "`iam:SimulatePrincipalPolicy` on the role: its identity policies, its permissions boundary and the organization's service control policies, evaluated without calling Bedrock.",
    "",
    "| # | Check | Expected | Asked | Allowed / explicit deny / implicit deny | Result |",
    "|---|---|---|---|---|---|",
    ...checks.map((summary, index) => simulationRow(summary, index + 1)),
    "",
    "A condition is evaluated only on the request context the simulator is given; each check passed what the application's real call carries:",
    "",
    ...contextLines(checks),
    "",
  );
  if (probes.length > 0) lines.push("Probes (evidence for the open questions, not verdicts):", "", ...probes.map(probeLine), "");
  if (report.notes.length > 0) lines.push(...report.notes.map((note) => `- ${cell(note)}`), "");

  lines.push(...chatBlock(report), "");
  lines.push("### 3. Open questions", "", ...report.openQuestions.map(questionLine), "");
  lines.push(
    "### What this proof does not see",
    "",
    "- Resource control policies and the bedrock-runtime endpoint's policy are not simulated; the chat call passes through them, so a refusal there shows in section 2.",
    ...(report.chat.notCallable.length > 0 ? ["- Only the first model can be called; the others are proved by the simulator alone."] : []),
    "",
  );
  return `${lines.join("\n")}`;
}
