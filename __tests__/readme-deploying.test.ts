/**
 * The README's Deploying recipe runs Terraform where the configuration is: in a stack's folder.
 * (An earlier recipe ran `terraform validate` in the repository root, an empty module that is
 * always valid, so it could never have shown a broken stack.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const WHOLE_README = readFileSync(join(__dirname, "..", "README.md"), "utf8");
/** Every section that runs this project's stacks; the permission review's "make a plan of your own Terraform" recipe is not one. */
const README = WHOLE_README.slice(0, WHOLE_README.indexOf("## Permission review")) + WHOLE_README.slice(WHOLE_README.indexOf("### Rule pack"));

describe("README, Deploying", () => {
  test("every terraform command it gives runs in a stack folder (-chdir=cdktf.out/stacks/…)", () => {
    const commands = README.split("\n").filter((line) => /^\s*(?:[A-Z_]+=\S+\s+)*terraform\s/.test(line) || /`terraform [a-z]/.test(line));
    expect(commands.length).toBeGreaterThan(0);
    for (const line of commands) {
      for (const command of line.match(/terraform (?:-chdir=\S+ )?(?:init|validate|plan|apply)\b[^`;&|]*/g) ?? []) {
        expect({ command, inStackFolder: command.includes("-chdir=cdktf.out/stacks/") }).toEqual({ command, inStackFolder: true });
      }
    }
  });

  test("it names the first-deploy prerequisites: admin principals, the API Gateway CloudWatch role, Lambda concurrency, Bedrock model access", () => {
    const deploying = README.slice(README.indexOf("## Deploying"), README.indexOf("## Environments"));
    for (const topic of ["admin.principalArns", "accountCloudWatchRole", "reservedConcurrency", "aws-marketplace", "create-foundation-model-agreement", "denyInference"]) {
      expect({ topic, named: deploying.includes(topic) }).toEqual({ topic, named: true });
    }
  });
});
