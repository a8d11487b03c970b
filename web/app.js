// @ts-check
/**
 * The chat page's DOM side: the composer, the transcript, settings, and one `fetch` per turn.
 * Everything that can be decided without a browser lives in chat-core.js.
 *
 * Accessibility: the message box keeps focus through a turn (it turns read-only instead of
 * disabled, so focus is not lost to the page); the streaming answer is marked aria-busy and
 * the finished answer is announced once; errors are alerts; Escape stops an answer.
 */
import {
  buildRequestBody,
  chatEndpoint,
  describeAnswerMeta,
  describeCompleteness,
  describeError,
  exchangeOutcome,
  isAbort,
  readChatResponse,
  requestHeaders,
  resolveSettings,
  settingsProblems,
} from "./chat-core.js";

/** @typedef {import("./chat-core.js").Exchange} Exchange */
/** @typedef {import("./chat-core.js").Answer} Answer */
/** @typedef {import("./chat-core.js").Settings} Settings */
/** @typedef {import("./chat-core.js").ErrorWords} ErrorWords */

/** Where the API URL and header name live (not secret). */
const SETTINGS_KEY = "chat-page.settings";
/** Where the header value (a token) lives: this tab only, gone when it closes. */
const AUTH_VALUE_KEY = "chat-page.auth-header-value";

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
function element(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`chat page: #${id} is missing or not a ${type.name}`);
  return found;
}

const ui = {
  endpoint: element("endpoint", HTMLElement),
  emptyHint: element("empty-hint", HTMLElement),
  transcript: element("transcript", HTMLOListElement),
  composer: element("composer", HTMLFormElement),
  message: element("message", HTMLTextAreaElement),
  send: element("send", HTMLButtonElement),
  stop: element("stop", HTMLButtonElement),
  newConversation: element("new-conversation", HTMLButtonElement),
  status: element("status", HTMLElement),
  announcer: element("announcer", HTMLElement),
  settingsPanel: element("settings-panel", HTMLDetailsElement),
  settingsForm: element("settings", HTMLFormElement),
  apiBase: element("api-base", HTMLInputElement),
  authHeaderName: element("auth-header-name", HTMLInputElement),
  authHeaderValue: element("auth-header-value", HTMLInputElement),
  settingsProblems: element("settings-problems", HTMLElement),
};

// ---------------------------------------------------------------- settings

/**
 * @param {Storage | undefined} storage
 * @param {string} key
 */
function readStorage(storage, key) {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null; // storage disabled (private mode, policy): settings last for this page view
  }
}

/**
 * @param {() => Storage} getStorage
 * @param {string} key
 * @param {string} value
 */
function writeStorage(getStorage, key, value) {
  try {
    if (value === "") getStorage().removeItem(key);
    else getStorage().setItem(key, value);
  } catch {
    // as above
  }
}

/** @returns {Settings} */
function loadSettings() {
  /** @type {Partial<Settings>} */
  let stored = {};
  try {
    const parsed = JSON.parse(readStorage(localStorage, SETTINGS_KEY) ?? "{}");
    if (typeof parsed === "object" && parsed !== null) {
      if (typeof parsed.apiBase === "string") stored.apiBase = parsed.apiBase;
      if (typeof parsed.authHeaderName === "string") stored.authHeaderName = parsed.authHeaderName;
    }
  } catch {
    stored = {};
  }
  stored.authHeaderValue = readStorage(sessionStorage, AUTH_VALUE_KEY) ?? "";
  return resolveSettings(stored, location.search);
}

/** @param {Settings} next */
function saveSettings(next) {
  writeStorage(() => localStorage, SETTINGS_KEY, JSON.stringify({ apiBase: next.apiBase, authHeaderName: next.authHeaderName }));
  writeStorage(() => sessionStorage, AUTH_VALUE_KEY, next.authHeaderValue);
  // A saved URL replaces the link's ?api=, or the next reload would bring the old one back.
  const url = new URL(location.href);
  if (url.searchParams.has("api")) {
    url.searchParams.delete("api");
    history.replaceState(history.state, "", url.href);
  }
}

let settings = loadSettings();

function showSettings() {
  ui.apiBase.value = settings.apiBase;
  ui.authHeaderName.value = settings.authHeaderName;
  ui.authHeaderValue.value = settings.authHeaderValue;
  const problems = settingsProblems(settings);
  ui.endpoint.textContent = problems.length === 0 ? chatEndpoint(settings.apiBase, location.href) : "(not set: see Settings)";
  return problems;
}

/** @param {string[]} problems */
function showSettingsProblems(problems) {
  ui.settingsProblems.replaceChildren(
    ...problems.map((problem) => {
      const item = document.createElement("li");
      item.textContent = problem;
      return item;
    }),
  );
}

ui.settingsForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const candidate = resolveSettings({ apiBase: ui.apiBase.value, authHeaderName: ui.authHeaderName.value, authHeaderValue: ui.authHeaderValue.value }, "");
  const problems = settingsProblems(candidate);
  showSettingsProblems(problems);
  if (problems.length > 0) {
    const first = problems[0] ?? "";
    (first.startsWith("API URL") ? ui.apiBase : first.startsWith("Header name") ? ui.authHeaderName : ui.authHeaderValue).focus();
    return;
  }
  settings = candidate;
  saveSettings(settings);
  showSettings();
  setStatus("Settings saved.");
});

// ---------------------------------------------------------------- transcript

/** @param {string} text */
function setStatus(text) {
  ui.status.textContent = text;
}

/**
 * @param {"user" | "assistant" | "error"} kind
 * @param {string} who
 */
function appendMessage(kind, who) {
  ui.emptyHint.hidden = true;
  const item = document.createElement("li");
  item.className = `message ${kind}`;
  const label = document.createElement("p");
  label.className = "who";
  label.textContent = who;
  const content = document.createElement("div");
  content.className = "content";
  item.append(label, content);
  ui.transcript.append(item);
  return { item, content };
}

/** @param {string} text */
function appendUser(text) {
  // textContent only, here and below: nothing typed or generated is ever parsed as HTML.
  appendMessage("user", "You").content.textContent = text;
}

function appendAssistant() {
  const view = appendMessage("assistant", "Assistant");
  view.item.setAttribute("aria-busy", "true");
  const meta = document.createElement("p");
  meta.className = "meta";
  view.item.append(meta);
  return { ...view, meta };
}

/**
 * @param {ReturnType<typeof appendAssistant>} view
 * @param {Answer} answer
 */
function renderAnswer(view, answer) {
  view.content.textContent = answer.text;
  view.item.scrollIntoView({ block: "nearest" });
}

/**
 * @param {ReturnType<typeof appendAssistant>} view
 * @param {Answer} answer
 */
function finishAnswer(view, answer) {
  renderAnswer(view, answer);
  view.meta.textContent = describeAnswerMeta(answer);
  // Said in words, above the meta line: an answer cut short or withheld must not pass for a whole one.
  const notice = describeCompleteness(answer);
  if (notice !== undefined) {
    view.item.classList.add(notice.kind === "withheld" ? "blocked" : "cut-short");
    const badge = document.createElement("p");
    badge.className = "badge";
    badge.textContent = notice.text;
    view.item.insertBefore(badge, view.meta);
  }
  view.item.setAttribute("aria-busy", "false");
  return notice;
}

/**
 * An answer that did not finish: keep what streamed (marked), or drop the empty bubble.
 * @param {ReturnType<typeof appendAssistant>} view
 * @param {Answer | undefined} partial
 * @param {string} note
 */
function abandonAnswer(view, partial, note) {
  if (partial === undefined || partial.text === "") {
    view.item.remove();
    return;
  }
  renderAnswer(view, partial);
  view.item.classList.add("incomplete");
  view.meta.textContent = note;
  view.item.setAttribute("aria-busy", "false");
}

/** @param {ErrorWords} words */
function appendError(words) {
  const view = appendMessage("error", "Not answered");
  view.item.setAttribute("role", "alert");
  view.content.textContent = words.summary;
  const technical = document.createElement("p");
  technical.className = "meta";
  technical.textContent = words.technical;
  view.item.append(technical);
  view.item.scrollIntoView({ block: "nearest" });
}

// ---------------------------------------------------------------- sending

/** @type {Exchange[]} */
const exchanges = [];
/** @type {AbortController | undefined} */
let inFlight;

/** @param {boolean} busy */
function setBusy(busy) {
  // Read-only, not disabled: a disabled control drops keyboard focus to the page.
  ui.message.readOnly = busy;
  ui.message.setAttribute("aria-disabled", String(busy));
  ui.send.disabled = busy;
  ui.newConversation.disabled = busy;
  ui.stop.hidden = !busy;
  ui.composer.setAttribute("aria-busy", String(busy));
}

/** Focus back to the message box, unless the user has moved on to settings. */
function refocusComposer() {
  const active = document.activeElement;
  if (active === null || active === document.body || ui.composer.contains(active)) ui.message.focus();
}

async function send() {
  if (inFlight !== undefined) return;
  const message = ui.message.value;
  if (message.trim() === "") {
    setStatus("Type a message first.");
    ui.message.focus();
    return;
  }
  const problems = showSettings();
  if (problems.length > 0) {
    showSettingsProblems(problems);
    ui.settingsPanel.open = true;
    setStatus("Fix the settings first.");
    ui.apiBase.focus();
    return;
  }
  const endpoint = chatEndpoint(settings.apiBase, location.href);
  const body = buildRequestBody(message, exchanges);
  /** @type {Exchange} */
  const exchange = { user: message, assistant: "", outcome: "pending" };
  exchanges.push(exchange);

  appendUser(message);
  const view = appendAssistant();
  ui.message.value = "";
  const controller = new AbortController();
  inFlight = controller;
  setBusy(true);
  ui.message.focus();
  setStatus("Sending…");
  ui.announcer.textContent = "";

  /** @type {Answer | undefined} */
  let latest;
  /** @type {import("./chat-core.js").Outcome | "stopped"} */
  let outcome;
  try {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: requestHeaders(settings),
      body: JSON.stringify(body),
      signal: controller.signal,
      cache: "no-store",
      credentials: "omit", // the auth header is the only credential; no cookies cross origins
    });
    setStatus("Answering…");
    outcome = await readChatResponse(response, {
      onUpdate: (answer) => {
        latest = answer;
        renderAnswer(view, answer);
      },
    });
  } catch (error) {
    outcome = isAbort(error) ? "stopped" : { kind: "error", words: describeError({ code: "NETWORK", endpoint }) };
  } finally {
    inFlight = undefined;
  }

  if (outcome === "stopped") {
    exchange.outcome = "stopped";
    abandonAnswer(view, latest, "Stopped before the end.");
    setStatus("Stopped.");
  } else if (outcome.kind === "answer") {
    const { answer } = outcome;
    exchange.assistant = answer.text;
    exchange.outcome = exchangeOutcome(answer);
    const notice = finishAnswer(view, answer);
    setStatus(notice === undefined ? "Answer complete." : notice.status);
    ui.announcer.textContent = `Assistant: ${answer.text}${notice === undefined ? "" : ` (${notice.text})`}`;
  } else {
    exchange.outcome = "failed";
    abandonAnswer(view, outcome.partial ?? latest, "Incomplete: the answer failed part-way.");
    appendError(outcome.words);
    setStatus("");
    // Give the message back, so Enter sends it again.
    if (ui.message.value === "") ui.message.value = message;
  }
  setBusy(false);
  refocusComposer();
}

ui.composer.addEventListener("submit", (event) => {
  event.preventDefault();
  void send();
});

ui.message.addEventListener("keydown", (event) => {
  // Enter sends; Shift+Enter is a new line; an IME composition's Enter confirms the composition.
  if (event.key !== "Enter" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
  event.preventDefault();
  if (inFlight === undefined) ui.composer.requestSubmit();
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && inFlight !== undefined) {
    event.preventDefault();
    inFlight.abort();
  }
});

ui.stop.addEventListener("click", () => {
  inFlight?.abort();
  ui.message.focus();
});

ui.newConversation.addEventListener("click", () => {
  exchanges.length = 0;
  ui.transcript.replaceChildren();
  ui.emptyHint.hidden = false;
  ui.announcer.textContent = "";
  setStatus("New conversation: earlier turns are no longer sent.");
  ui.message.focus();
});

const initialProblems = showSettings();
if (initialProblems.length > 0) {
  showSettingsProblems(initialProblems);
  ui.settingsPanel.open = true;
}
ui.message.focus();
