/**
 * The chat page end to end, in headless Chromium: `npm run dev`'s server (in-process, port 0,
 * the bedrock-runtime stand-in behind it) serves web/ and /chat; playwright-core drives
 * Debian's Chromium (no browser download). Stand-in behaviours are scripted with
 * `dev.standIn.enqueue`, as the dev-server and bundle tests do.
 *
 * No Chromium is a failure, not a skip: CI installs it (.ci/run), and a skipped suite would
 * hide a page that no longer works.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { type DevServer, startDevServer } from "../../dev/server";
import { staticFiles } from "../../dev/static-files";

/**
 * Debian's Chromium first (.ci/run installs it); then what Ubuntu runners have (the apt
 * `chromium-browser` shim, Google Chrome). CHROMIUM_PATH, when set, is the only candidate.
 */
/*
 * page.evaluate callbacks run in the page, not in Node. The project's lib has no DOM (and must
 * not get one: Node code would type-check against browser globals), so the few browser globals
 * these callbacks touch are declared here, for this file only.
 */
interface PageElement {
  readonly id: string;
  readonly tagName: string;
  readonly textContent: string | null;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  getElementById(id: string): PageElement | null;
  readonly activeElement: PageElement | null;
};
declare const window: { answerTexts?: string[]; pwned?: number };
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: PageElement, options: { childList?: boolean; subtree?: boolean; characterData?: boolean }): void;
}
declare function getComputedStyle(element: PageElement): { readonly outlineStyle: string; readonly outlineWidth: string };
declare const localStorage: object;
declare const sessionStorage: object;

const CHROMIUM_CANDIDATES = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const ARTIFACTS = path.resolve(__dirname, "..", "..", "test-artifacts");
const MAX_MESSAGE_CHARS = 200;
const QUESTION = "Explain AWS Lambda in simple terms.";
const LAMBDA_ANSWER =
  "AWS Lambda runs your code without servers to manage. You upload a function and say what should start it: an HTTP request, a file landing in S3, a message on a queue. " +
  "Lambda runs it on demand, scales from zero to thousands of copies and back, and you pay only for the requests and the milliseconds your code runs.";

interface ChatRequest {
  readonly body: unknown;
  readonly headers: Record<string, string>;
  readonly url: string;
}

interface OpenPage {
  readonly page: Page;
  /** Every POST /chat the page made, in order. */
  readonly chatRequests: ChatRequest[];
  /** Uncaught exceptions in the page: there must be none. */
  readonly pageErrors: string[];
}

const quiet = { log: () => undefined, env: { BEDROCK_MAX_ATTEMPTS: "1", MAX_MESSAGE_CHARS: String(MAX_MESSAGE_CHARS) } };

let browser: Browser;
let streaming: DevServer;
let buffered: DevServer;
const contexts: BrowserContext[] = [];
const opened: OpenPage[] = [];

beforeAll(async () => {
  const executablePath = CHROMIUM_CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (executablePath === undefined) {
    throw new Error(
      `Chromium not found (looked for ${CHROMIUM_CANDIDATES.join(", ")}): the chat page's browser tests need it. Install Debian's package (sudo apt-get install chromium; .ci/run does) or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
  [streaming, buffered] = await Promise.all([
    startDevServer({ port: 0, ...quiet, staticFiles: staticFiles() }),
    startDevServer({ port: 0, responseMode: "buffered", ...quiet, staticFiles: staticFiles() }),
  ]);
  browser = await chromium.launch({ executablePath });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([streaming?.close(), buffered?.close()]);
});

afterEach(async () => {
  const errors = opened.flatMap((open) => open.pageErrors);
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  opened.length = 0;
  expect(errors).toEqual([]);
});

/** A fresh browser context (empty storage) with the page loaded. */
async function openPage(url: string): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: 860, height: 900 }, colorScheme: "light", reducedMotion: "reduce" });
  contexts.push(context);
  const page = await context.newPage();
  const open: OpenPage = { page, chatRequests: [], pageErrors: [] };
  opened.push(open);
  page.on("pageerror", (error) => open.pageErrors.push(error.message));
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname.endsWith("/chat")) {
      open.chatRequests.push({ body: request.postDataJSON(), headers: request.headers(), url: request.url() });
    }
  });
  await page.goto(url);
  return open;
}

/** Types like a person would and presses Enter; resolves when the turn has finished. */
async function sendByKeyboard(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await page.waitForSelector('#composer[aria-busy="false"]');
}

const lastAssistantText = (page: Page): Promise<string> => page.locator("#transcript .message.assistant .content").last().innerText();
const activeId = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName ?? "");

describe("the chat page", () => {
  it("streams the answer into the page as it arrives, then shows stop reason, usage and model", async () => {
    const { page, chatRequests } = await openPage(`${streaming.url}/`);
    // Under 10 chunks: the stand-in adds a close listener per delayed chunk (Node warns past 10).
    streaming.standIn?.enqueue({ type: "answer", text: LAMBDA_ANSWER, chunkChars: 40, chunkDelayMs: 80 });
    // Record every distinct text the answer shows, from inside the page.
    await page.evaluate(() => {
      const seen: string[] = [];
      window.answerTexts = seen;
      new MutationObserver(() => {
        const answers = document.querySelectorAll("#transcript .message.assistant .content");
        const text = answers[answers.length - 1]?.textContent ?? "";
        if (text !== "" && seen[seen.length - 1] !== text) seen.push(text);
      }).observe(document.getElementById("transcript") as PageElement, { childList: true, subtree: true, characterData: true });
    });

    await page.keyboard.type(QUESTION);
    await page.keyboard.press("Enter");
    // Mid-answer: some text is on screen, not all of it, and the composer is busy.
    await page.waitForFunction(() => (document.querySelector("#transcript .message.assistant .content")?.textContent ?? "").length > 0);
    expect((await lastAssistantText(page)).length).toBeLessThan(LAMBDA_ANSWER.length);
    expect(await page.locator("#send").isDisabled()).toBe(true);
    expect(await page.locator("#message").getAttribute("aria-disabled")).toBe("true");
    expect(await page.locator("#transcript .message.assistant").getAttribute("aria-busy")).toBe("true");
    expect(await page.locator("#stop").isVisible()).toBe(true);

    await page.waitForSelector('#composer[aria-busy="false"]');
    const texts = await page.evaluate(() => window.answerTexts ?? []);
    const intermediate = texts.filter((text) => text !== LAMBDA_ANSWER);
    expect(intermediate.length).toBeGreaterThanOrEqual(2);
    texts.forEach((text, index) => {
      expect(LAMBDA_ANSWER.startsWith(text)).toBe(true);
      if (index > 0) expect(text.length).toBeGreaterThan(texts[index - 1]!.length);
    });
    expect(texts.at(-1)).toBe(LAMBDA_ANSWER);

    expect(chatRequests.map((request) => request.body)).toEqual([{ message: QUESTION }]);
    const meta = await page.locator("#transcript .message.assistant .meta").innerText();
    expect(meta).toMatch(/^Stop reason: end_turn \(finished\) · Tokens: \d+ in, \d+ out · Model: stand-in\.chat-model-v1$/);
    expect(await page.locator("#transcript .message.assistant").getAttribute("aria-busy")).toBe("false");
    expect(await page.locator("#status").innerText()).toBe("Answer complete.");
    expect(await page.locator("#announcer").textContent()).toBe(`Assistant: ${LAMBDA_ANSWER}`);
    expect(await page.locator("#send").isDisabled()).toBe(false);
    expect(await page.locator("#stop").isVisible()).toBe(false);
    expect(await activeId(page)).toBe("message");
  });

  it("sends the earlier turns with a follow-up (also after a failed try), and keeps a screenshot of the conversation", async () => {
    const { page, chatRequests } = await openPage(`${streaming.url}/`);
    const followUp = "And what does it cost when nobody uses it?";
    const secondAnswer = "Nothing for compute: with no requests there is nothing to bill. Stored code and logs cost a little.";
    streaming.standIn?.enqueue(
      { type: "answer", text: LAMBDA_ANSWER },
      { type: "error", status: 429, errorType: "ThrottlingException" },
      { type: "answer", text: secondAnswer, chunkChars: 20, chunkDelayMs: 5 },
    );

    await sendByKeyboard(page, QUESTION);
    await sendByKeyboard(page, followUp);
    expect(await page.locator("#message").inputValue()).toBe(followUp); // given back after the 429
    await page.keyboard.press("Enter");
    await page.waitForSelector('#composer[aria-busy="false"]');

    const withHistory = { message: followUp, history: [{ role: "user", content: QUESTION }, { role: "assistant", content: LAMBDA_ANSWER }] };
    expect(chatRequests.map((request) => request.body)).toEqual([{ message: QUESTION }, withHistory, withHistory]);
    expect(streaming.standIn?.requests.at(-1)?.body).toMatchObject({
      messages: [
        { role: "user", content: [{ text: QUESTION }] },
        { role: "assistant", content: [{ text: LAMBDA_ANSWER }] },
        { role: "user", content: [{ text: followUp }] },
      ],
    });
    expect(await page.locator("#transcript .message").evaluateAll((items) => items.map((item) => item.className))).toEqual([
      "message user",
      "message assistant",
      "message user",
      "message error",
      "message user",
      "message assistant",
    ]);
    expect(await lastAssistantText(page)).toBe(secondAnswer);

    // Tall enough that the sticky composer sits below the conversation, as on a desktop screen.
    await page.setViewportSize({ width: 860, height: 1000 });
    await page.screenshot({ path: path.join(ARTIFACTS, "chat-page.png"), fullPage: true });
    expect(fs.statSync(path.join(ARTIFACTS, "chat-page.png")).size).toBeGreaterThan(10_000);
  });

  it("says a throttled request (429) in plain words with the retry hint, then keeps working", async () => {
    const { page, chatRequests } = await openPage(`${streaming.url}/`);
    streaming.standIn?.enqueue({ type: "error", status: 429, errorType: "ThrottlingException" });

    await sendByKeyboard(page, "Hello?");
    const error = page.locator("#transcript .message.error");
    expect(await error.getAttribute("role")).toBe("alert");
    expect(await error.locator(".content").innerText()).toBe("The model is busy: too many requests right now. Try again in 2 seconds.");
    expect(await error.locator(".meta").innerText()).toBe("HTTP 429 · THROTTLED");
    // No empty answer bubble is left behind; the message is back in the box, focused, ready to resend.
    expect(await page.locator("#transcript .message.assistant").count()).toBe(0);
    expect(await page.locator("#message").inputValue()).toBe("Hello?");
    expect(await activeId(page)).toBe("message");
    await page.screenshot({ path: path.join(ARTIFACTS, "chat-page-throttled.png") });

    await page.keyboard.press("Enter");
    await page.waitForSelector('#composer[aria-busy="false"]');
    expect(await lastAssistantText(page)).toBe("Hello from the Bedrock stand-in.");
    // The failed turn is not history: the API would reject a user turn without its answer.
    expect(chatRequests.map((request) => request.body)).toEqual([{ message: "Hello?" }, { message: "Hello?" }]);
  });

  it("shows a validation error (400) with the API's own words", async () => {
    const { page } = await openPage(`${streaming.url}/`);
    await page.locator("#message").fill("x".repeat(MAX_MESSAGE_CHARS + 1));
    await page.keyboard.press("Enter");
    await page.waitForSelector('#composer[aria-busy="false"]');
    expect(await page.locator("#transcript .message.error .content").innerText()).toBe(
      `Your message is too long to send: message exceeds ${MAX_MESSAGE_CHARS} characters. Shorten it and send again.`,
    );
    expect(await page.locator("#transcript .message.error .meta").innerText()).toBe("HTTP 400 · MESSAGE_TOO_LONG");
  });

  it("keeps the text of an answer that failed mid-stream, marked incomplete, and leaves it out of history", async () => {
    const { page, chatRequests } = await openPage(`${streaming.url}/`);
    streaming.standIn?.enqueue({ type: "midStreamError", text: "Lambda is a service that" });

    await sendByKeyboard(page, QUESTION);
    const partial = page.locator("#transcript .message.assistant");
    expect(await partial.getAttribute("class")).toContain("incomplete");
    expect(await partial.locator(".content").innerText()).toBe("Lambda is a service that");
    expect(await partial.locator(".meta").innerText()).toBe("Incomplete: the answer failed part-way.");
    expect(await page.locator("#transcript .message.error .content").innerText()).toBe("The model failed while answering. Try again.");

    await page.locator("#message").fill("Try again");
    await page.keyboard.press("Enter");
    await page.waitForSelector('#composer[aria-busy="false"]');
    expect(chatRequests.at(-1)?.body).toEqual({ message: "Try again" });
  });

  it("says plainly when an answer was cut short or withheld, and sends only the cut-short one as history", async () => {
    const { page, chatRequests } = await openPage(`${streaming.url}/`);
    streaming.standIn?.enqueue({ type: "answer", text: "Lambda runs code on demand and", stopReason: "max_tokens" }, { type: "answer", text: "Some of it", stopReason: "content_filtered" });

    await sendByKeyboard(page, QUESTION);
    const cut = page.locator("#transcript .message.assistant").first();
    expect(await cut.getAttribute("class")).toContain("cut-short");
    expect(await cut.locator(".badge").innerText()).toBe("Cut short: the answer reached the output-token limit and stops mid-way; it is not the whole answer.");
    expect(await page.locator("#status").innerText()).toBe("Answer cut short.");
    expect(await page.locator("#announcer").textContent()).toContain("(Cut short: ");

    await sendByKeyboard(page, "Go on.");
    const withheld = page.locator("#transcript .message.assistant").last();
    expect(await withheld.getAttribute("class")).toContain("blocked");
    expect(await withheld.locator(".badge").innerText()).toMatch(/^Withheld: a content filter stopped this answer/);
    expect(await withheld.locator(".meta").innerText()).toMatch(/^Stop reason: content_filtered \(stopped by a content filter\)/);
    expect(await page.locator("#status").innerText()).toBe("Answer withheld.");

    await sendByKeyboard(page, "Thanks.");
    const cutExchange = [{ role: "user", content: QUESTION }, { role: "assistant", content: "Lambda runs code on demand and" }];
    expect(chatRequests.map((request) => request.body)).toEqual([{ message: QUESTION }, { message: "Go on.", history: cutExchange }, { message: "Thanks.", history: cutExchange }]);
  });

  it("marks an answer that ended before the model said it had as incomplete, never as finished", async () => {
    const { page, chatRequests } = await openPage(`${streaming.url}/`);
    streaming.standIn?.enqueue({ type: "fault", fault: "endAfterText", text: "Lambda is a service that" });

    await sendByKeyboard(page, QUESTION);
    const partial = page.locator("#transcript .message.assistant");
    expect(await partial.getAttribute("class")).toContain("incomplete");
    expect(await partial.locator(".content").innerText()).toBe("Lambda is a service that");
    expect(await partial.locator(".meta").innerText()).toBe("Incomplete: the answer failed part-way.");
    expect(await page.locator("#transcript .message.error .content").innerText()).toBe("The answer was cut off on its way from the model, before the model finished it. Try again.");
    expect(await page.locator("#transcript .message.error .meta").innerText()).toBe("UPSTREAM_INCOMPLETE");

    await page.keyboard.press("Enter"); // the message is back in the box
    await page.waitForSelector('#composer[aria-busy="false"]');
    expect(chatRequests.at(-1)?.body).toEqual({ message: QUESTION });
  });

  it("shows a guardrail intervention, and does not send the blocked exchange as history", async () => {
    const { page, chatRequests } = await openPage(`${streaming.url}/`);
    streaming.standIn?.enqueue({ type: "guardrail", text: "Sorry, I can't help with that." });

    await sendByKeyboard(page, "Something the guardrail blocks");
    const answer = page.locator("#transcript .message.assistant");
    expect(await answer.getAttribute("class")).toContain("blocked");
    expect(await answer.locator(".badge").innerText()).toMatch(/^Guardrail intervened/);
    expect(await answer.locator(".meta").innerText()).toMatch(/^Stop reason: guardrail_intervened \(blocked by the guardrail\)/);
    expect(await page.locator("#status").innerText()).toBe("The guardrail intervened.");

    await sendByKeyboard(page, "Explain Lambda then.");
    expect(chatRequests.at(-1)?.body).toEqual({ message: "Explain Lambda then." });
  });

  it("shows model output as text, never as HTML", async () => {
    const { page } = await openPage(`${streaming.url}/`);
    const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> **bold**';
    streaming.standIn?.enqueue({ type: "answer", text: hostile });
    await sendByKeyboard(page, "<b>not bold</b>");
    expect(await lastAssistantText(page)).toBe(hostile);
    expect(await page.locator("#transcript .message.user .content").innerText()).toBe("<b>not bold</b>");
    expect(await page.locator("#transcript img, #transcript script, #transcript b").count()).toBe(0);
    expect(await page.evaluate(() => window.pwned)).toBeUndefined();
  });

  it("works from the keyboard alone: Shift+Enter, Enter, Escape to stop, visible focus in tab order", async () => {
    const { page, chatRequests } = await openPage(`${streaming.url}/`);
    expect(await activeId(page)).toBe("message"); // the page opens ready to type

    await page.keyboard.type("Line one");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("line two");
    expect(await page.locator("#message").inputValue()).toBe("Line one\nline two");
    expect(chatRequests).toHaveLength(0);

    // A slow answer, stopped with Escape: what streamed stays, marked, and focus never leaves the box.
    streaming.standIn?.enqueue({ type: "answer", text: "word ".repeat(20), chunkChars: 10, chunkDelayMs: 400 });
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => (document.querySelector("#transcript .message.assistant .content")?.textContent ?? "").length > 0);
    expect(await activeId(page)).toBe("message");
    expect(await page.locator("#message").inputValue()).toBe("");
    await page.keyboard.press("Escape");
    await page.waitForSelector('#composer[aria-busy="false"]');
    expect(chatRequests.map((request) => request.body)).toEqual([{ message: "Line one\nline two" }]);
    expect(await page.locator("#status").innerText()).toBe("Stopped.");
    expect(await page.locator("#transcript .message.assistant .meta").innerText()).toBe("Stopped before the end.");
    expect(await activeId(page)).toBe("message");

    // Tab order from the box, each stop with a visible focus ring.
    const stops: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press("Tab");
      const focus = await page.evaluate(() => {
        const active = document.activeElement as PageElement;
        const style = getComputedStyle(active);
        return { id: active.id || active.tagName.toLowerCase(), outline: `${style.outlineStyle} ${style.outlineWidth}` };
      });
      expect(focus.outline).toBe("solid 3px");
      stops.push(focus.id);
    }
    expect(stops).toEqual(["send", "new-conversation", "summary"]);

    // Settings open with Enter; New conversation (Shift+Tab back to it) clears the history.
    await page.keyboard.press("Enter");
    expect(await page.locator("#settings-panel").getAttribute("open")).toBe("");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    expect(await page.locator("#transcript .message").count()).toBe(0);
    expect(await activeId(page)).toBe("message");
  });

  it("takes the API URL from ?api= and the auth header from Settings (token kept for the tab only)", async () => {
    // Another origin without CORS: the browser blocks the call, and the page says what to check.
    const { page, chatRequests } = await openPage(`${streaming.url}/?api=${encodeURIComponent(buffered.url)}`);
    expect(await page.locator("#endpoint").innerText()).toBe(`${buffered.url}/chat`);
    await sendByKeyboard(page, "Hi");
    expect(await page.locator("#transcript .message.error .content").innerText()).toBe(
      `Could not reach the chat API at ${buffered.url}/chat. Check that it is running and the API URL in Settings; a deployed stage must also allow this page's origin (CORS).`,
    );
    expect(await page.locator("#transcript .message.error .meta").innerText()).toBe("NETWORK");

    await page.locator("#settings-panel summary").click();
    await page.locator("#api-base").fill("not a url");
    await page.locator("#settings button[type=submit]").click();
    expect(await page.locator("#settings-problems").innerText()).toMatch(/^API URL: use the stage's https:\/\/ address .*got "not a url"/);
    expect(await activeId(page)).toBe("api-base");

    await page.locator("#api-base").fill("");
    await page.locator("#auth-header-value").fill("id-token-from-cognito");
    await page.locator("#settings button[type=submit]").click();
    expect(await page.locator("#status").innerText()).toBe("Settings saved.");
    expect(new URL(page.url()).searchParams.has("api")).toBe(false);
    expect(await page.locator("#endpoint").innerText()).toBe(`${streaming.url}/chat`);

    await page.locator("#message").fill("Hi again");
    await page.keyboard.press("Enter");
    await page.waitForSelector('#composer[aria-busy="false"]');
    expect(chatRequests.at(-1)).toMatchObject({ url: `${streaming.url}/chat`, headers: { authorization: "id-token-from-cognito" }, body: { message: "Hi again" } });
    expect(streaming.standIn?.requests.at(-1)?.headers.authorization).not.toContain("id-token"); // the function signs its own Bedrock calls

    const storage = await page.evaluate(() => ({ local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage) }));
    expect(storage.local).not.toContain("id-token-from-cognito");
    expect(storage.session).toContain("id-token-from-cognito");
    await page.reload();
    expect(await page.locator("#auth-header-value").inputValue()).toBe("id-token-from-cognito");
    expect(await page.locator("#endpoint").innerText()).toBe(`${streaming.url}/chat`);
  });

  it("renders a buffered (JSON) answer from a BUFFERED stage the same way", async () => {
    const { page } = await openPage(`${buffered.url}/`);
    buffered.standIn?.enqueue({ type: "answer", text: LAMBDA_ANSWER });
    await sendByKeyboard(page, QUESTION);
    expect(await lastAssistantText(page)).toBe(LAMBDA_ANSWER);
    expect(await page.locator("#transcript .message.assistant .meta").innerText()).toMatch(/^Stop reason: end_turn \(finished\) · Tokens: \d+ in, \d+ out/);
  });
});
