/**
 * The simulator step on a real IAM client. Paging and batching run through the SDK's own
 * paginator (aws-sdk-client-mock answers the sends); throttling runs through the SDK's own retry
 * middleware, which a mocked send would skip, so those tests give the client an HTTP handler that
 * answers as IAM does (query protocol, XML).
 */
import { Readable } from "node:stream";
import { IAMClient } from "@aws-sdk/client-iam";
import { awsStepFailure } from "../../../policies/verify/aws-failures";
import { simulationOutcome } from "../../../policies/verify/simulation-answers";
import type { Simulation } from "../../../policies/verify/simulation-plan";
import { ACTIONS_PER_REQUEST, simulate } from "../../../policies/verify/simulator";
import { chatbotRole, fakeAccount, ROLE_ARN } from "./helpers";

const ACTIONS = Array.from({ length: 120 }, (_, index) => `bedrock:Action${index}`);
const SIMULATION: Simulation = { id: "t", title: "t", expect: "denied", probe: false, actions: ACTIONS, context: [{ key: "aws:SourceVpce", values: ["vpce-1"] }] };

describe("simulate: batches and pages", () => {
  it(`asks at most ${ACTIONS_PER_REQUEST} actions a request and follows Marker until the last page`, async () => {
    const account = fakeAccount({ pageSize: 7 });
    const results = await simulate(account.clients.iam, ROLE_ARN, SIMULATION);
    expect(results.map((result) => result.EvalActionName)).toEqual(ACTIONS);
    const calls = account.simulatorCalls();
    const firstPages = calls.filter((input) => input.Marker === undefined);
    expect(firstPages.map((input) => input.ActionNames?.length)).toEqual([50, 50, 20]);
    // 50 results at 7 a page: 8 pages for each full batch, 3 for the last.
    expect(calls).toHaveLength(8 + 8 + 3);
    expect(calls.every((input) => input.PolicySourceArn === ROLE_ARN)).toBe(true);
    expect(calls[0].ContextEntries).toEqual([{ ContextKeyName: "aws:SourceVpce", ContextKeyValues: ["vpce-1"], ContextKeyType: "string" }]);
    expect(calls[0].ResourceArns).toBeUndefined();
  });

  it("a result a page dropped would not pass: an action without an answer is unanswered, and fails", async () => {
    const account = fakeAccount({ decide: chatbotRole() });
    const results = await simulate(account.clients.iam, ROLE_ARN, SIMULATION);
    const outcome = simulationOutcome(SIMULATION, results.slice(1));
    expect(outcome.unexpected).toEqual([expect.objectContaining({ action: "bedrock:Action0", decision: "unanswered" })]);
  });
});

/** An HTTP handler that answers like IAM: a scripted status and XML body per request. */
function iamHttp(answers: readonly { status: number; body: string }[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    handler: {
      handle: async () => {
        const answer = answers[Math.min(calls++, answers.length - 1)];
        return { response: { statusCode: answer.status, reason: "", headers: { "content-type": "text/xml" }, body: Readable.from([Buffer.from(answer.body)]) } };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    },
  };
}

const THROTTLED = {
  status: 400,
  body: `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
};
const ANSWERED = {
  status: 200,
  body: `<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults><member><EvalActionName>bedrock:CreateGuardrail</EvalActionName><EvalResourceName>*</EvalResourceName><EvalDecision>implicitDeny</EvalDecision><MatchedStatements/><MissingContextValues/></member></EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`,
};
const ONE: Simulation = { ...SIMULATION, actions: ["bedrock:CreateGuardrail"] };

function throttledClient(answers: readonly { status: number; body: string }[], maxAttempts: number) {
  const http = iamHttp(answers);
  const iam = new IAMClient({ region: "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" }, maxAttempts, retryMode: "standard", requestHandler: http.handler });
  return { http, iam };
}

describe("simulate: throttling", () => {
  it("is retried by the SDK: a throttled request that then succeeds gives the answer", async () => {
    const { http, iam } = throttledClient([THROTTLED, ANSWERED], 3);
    const results = await simulate(iam, ROLE_ARN, ONE);
    expect(results).toEqual([expect.objectContaining({ EvalActionName: "bedrock:CreateGuardrail", EvalDecision: "implicitDeny" })]);
    expect(http.calls).toBe(2);
  });

  it("persistent throttling ends in one clear line after the SDK's attempts", async () => {
    const { http, iam } = throttledClient([THROTTLED], 2);
    const error = await simulate(iam, ROLE_ARN, ONE).catch((caught: unknown) => caught);
    expect(http.calls).toBe(2);
    expect((error as Error).name).toBe("Throttling");
    expect(awsStepFailure("iam:SimulatePrincipalPolicy", error, 2)?.message).toBe(
      "iam:SimulatePrincipalPolicy kept throttling after 2 attempts with the SDK's adaptive retries: AWS limits this API per account; wait a minute and run again",
    );
  });
});
