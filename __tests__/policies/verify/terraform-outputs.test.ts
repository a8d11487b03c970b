import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VerifyInputError } from "../../../policies/verify/errors";
import { readStackOutputs, type RunTerraform, stackFolder } from "../../../policies/verify/terraform-outputs";
import { ROLE_ARN, terraformOutputJson } from "./helpers";

function cdktfOut(...stacks: string[]): string {
  const out = mkdtempSync(join(tmpdir(), "verify-out-"));
  for (const stack of stacks) mkdirSync(join(out, "stacks", stack), { recursive: true });
  return out;
}

const message = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VerifyInputError);
    return (error as Error).message;
  }
  throw new Error("expected a VerifyInputError");
};

describe("stackFolder", () => {
  const out = cdktfOut("chatbot-dev-control-plane", "chatbot-dev-data-plane", "chatbot-prod-data-plane");

  it("the configuration's name or the stack's own name find the data-plane folder", () => {
    expect(stackFolder({ stack: "chatbot-dev", outDir: out })).toBe(join(out, "stacks", "chatbot-dev-data-plane"));
    expect(stackFolder({ stack: "chatbot-prod-data-plane", outDir: out })).toBe(join(out, "stacks", "chatbot-prod-data-plane"));
  });

  it("an unknown stack lists the ones there are", () => {
    expect(message(() => stackFolder({ stack: "chatbot-staging", outDir: out }))).toBe(
      `unknown stack chatbot-staging: ${join(out, "stacks")} holds chatbot-dev-data-plane, chatbot-prod-data-plane (synthesize its configuration first: CHATBOT_CONFIG=… npm run synth:only)`,
    );
  });

  it("no synth output, or a --stack-dir that does not exist, is one line saying what to do", () => {
    expect(message(() => stackFolder({ stack: "chatbot-dev", outDir: join(out, "nope") }))).toMatch(/^no .*nope\/stacks here: run the proof from the project that deployed the stacks/);
    expect(message(() => stackFolder({ stackDir: join(out, "missing"), outDir: out }))).toMatch(/^--stack-dir .*missing does not exist/);
  });
});

describe("readStackOutputs", () => {
  const ran: string[][] = [];
  const terraform = (answer: ReturnType<RunTerraform>): RunTerraform => (binary, args) => {
    ran.push([binary, ...args]);
    return answer;
  };

  it("runs terraform output -json in the stack's folder and unwraps the values", () => {
    const outputs = readStackOutputs("cdktf.out/stacks/x-data-plane", "tofu", terraform({ status: 0, stdout: JSON.stringify(terraformOutputJson()), stderr: "" }));
    expect(outputs.app_role_arn).toBe(ROLE_ARN);
    expect(ran.at(-1)).toEqual(["tofu", "-chdir=cdktf.out/stacks/x-data-plane", "output", "-json"]);
  });

  it("each failure is one line: not installed, not initialized, another error, no outputs, not JSON", () => {
    const enoent = Object.assign(new Error("spawn terraform ENOENT"), { code: "ENOENT" });
    expect(message(() => readStackOutputs("d", "terraform", terraform({ status: null, stdout: "", stderr: "", error: enoent })))).toBe(
      "terraform is not installed or not on PATH: install Terraform, or pass --terraform /path/to/terraform (or tofu)",
    );
    const uninitialized = "\n│ Error: Backend initialization required, please run \"terraform init\"\n│ \n│ Reason: Initial configuration of the requested backend \"s3\"\n";
    expect(message(() => readStackOutputs("d", "terraform", terraform({ status: 1, stdout: "", stderr: uninitialized })))).toBe("d is not initialized: run terraform -chdir=d init first (cdktf deploy does it), then the proof again");
    const denied = "╷\n│ Error: error loading state: AccessDenied: Access Denied\n│ \tstatus code: 403\n╵\n";
    expect(message(() => readStackOutputs("d", "terraform", terraform({ status: 1, stdout: "", stderr: denied })))).toBe("terraform output failed in d: error loading state: AccessDenied: Access Denied");
    expect(message(() => readStackOutputs("d", "terraform", terraform({ status: 0, stdout: "{}\n", stderr: "" })))).toBe("d has no outputs in its state: is the stack deployed (cdktf deploy, or terraform apply)?");
    expect(message(() => readStackOutputs("d", "terraform", terraform({ status: 0, stdout: "Warning: …", stderr: "" })))).toMatch(/printed no JSON/);
  });
});
