/**
 * The buffered chat (API Gateway REST proxy event → proxy result): one Converse call, the whole
 * answer as JSON, or the error as JSON with its status.
 */
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { buildConverseInput, shapeConverseOutput } from "./core/converse";
import { toErrorResponse } from "./core/errors";
import { checkResultFits, errorResult, type HttpResult, jsonResult } from "./core/http";
import type { ChatContext, ChatDependencies, ChatEvent } from "./dependencies";
import { RequestRun } from "./request-run";

export function createBufferedHandler(deps: ChatDependencies): (event: ChatEvent, context: ChatContext) => Promise<HttpResult> {
  return async function buffered(event, context) {
    const run = new RequestRun(deps, "buffered", event, context);
    try {
      const prepared = run.prepare();
      const input = buildConverseInput(prepared.request, prepared.config);
      const output = await run.callBedrock(prepared, (abortSignal) => deps.client.send(new ConverseCommand(input), { abortSignal }));
      const answer = shapeConverseOutput(output, prepared.config);
      const result = jsonResult(200, answer, run.corsHeaders());
      // Answered as ANSWER_TOO_LARGE rather than returned: Lambda would refuse a result over its payload limit.
      checkResultFits(result);
      run.logAnswer(answer, answer.content);
      return result;
    } catch (error) {
      const mapped = toErrorResponse(error);
      run.logFailure(error, mapped);
      return errorResult(mapped, run.corsHeaders());
    } finally {
      run.end();
    }
  };
}
