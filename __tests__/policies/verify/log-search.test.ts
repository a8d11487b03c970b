import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { findLogRecord, type LogSearch, recordOf } from "../../../policies/verify/log-search";
import { fakeAccount } from "./helpers";

const RECORD = { msg: "chat.request", apiRequestId: "req-1", errorName: "AccessDeniedException" };

describe("recordOf", () => {
  it("reads the function's JSON line, and the same line wrapped by Lambda's JSON log format", () => {
    expect(recordOf(JSON.stringify(RECORD))).toEqual(RECORD);
    expect(recordOf(JSON.stringify({ timestamp: "t", level: "INFO", requestId: "lambda-id", message: JSON.stringify(RECORD) }))).toEqual(RECORD);
    expect(recordOf(JSON.stringify({ level: "INFO", message: RECORD }))).toEqual(RECORD);
    expect(recordOf("START RequestId: abc")).toBeUndefined();
  });
});

describe("findLogRecord", () => {
  const search = (overrides: Partial<LogSearch> = {}): LogSearch => ({
    logGroupName: "/aws/lambda/chatbot-test-chat",
    field: "apiRequestId",
    value: "req-1",
    startTime: 1000,
    waitMs: 10,
    pollMs: 3,
    sleep: async () => undefined,
    now: Date.now,
    ...overrides,
  });

  it("filters by the field's value from the start time, and waits for a record that shows late", async () => {
    const account = fakeAccount();
    let clock = 0;
    const sleep = async (ms: number) => {
      clock += ms;
      if (clock >= 6) account.logRecords.set("/aws/lambda/chatbot-test-chat", [RECORD]);
    };
    const found = await findLogRecord(account.clients.logs, search({ sleep, now: () => clock }));
    expect(found).toEqual({ record: RECORD });
    const inputs = account.logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input);
    expect(inputs.length).toBeGreaterThanOrEqual(3);
    expect(inputs[0]).toMatchObject({ logGroupName: "/aws/lambda/chatbot-test-chat", filterPattern: '{ $.apiRequestId = "req-1" }', startTime: 1000 });
  });

  it("gives up after the wait, saying so", async () => {
    const account = fakeAccount();
    let clock = 0;
    const found = await findLogRecord(account.clients.logs, search({ sleep: async (ms) => void (clock += ms), now: () => clock }));
    expect(found).toEqual({ unavailable: "no record with apiRequestId req-1 in /aws/lambda/chatbot-test-chat after 0 s" });
  });

  it("a refusal or a missing log group is the reason, not an error", async () => {
    const account = fakeAccount();
    account.logs.on(FilterLogEventsCommand).rejectsOnce(Object.assign(new Error("no"), { name: "AccessDeniedException" })).rejectsOnce(Object.assign(new Error("gone"), { name: "ResourceNotFoundException" }));
    expect((await findLogRecord(account.clients.logs, search())).unavailable).toMatch(/^logs:FilterLogEvents on \/aws\/lambda\/chatbot-test-chat was refused/);
    expect((await findLogRecord(account.clients.logs, search())).unavailable).toBe("log group /aws/lambda/chatbot-test-chat does not exist");
  });

  it("never puts a value into the filter that could change it", async () => {
    const account = fakeAccount();
    expect((await findLogRecord(account.clients.logs, search({ value: 'x" || $.a = "b' }))).unavailable).toMatch(/not one a log filter can carry/);
    expect(account.logs.calls()).toHaveLength(0);
  });
});
