/**
 * The deploying recipes (docs/deploying.md, and the README's short version) run Terraform where
 * the configuration is: in a stack's folder. (An earlier recipe ran `terraform validate` in the
 * repository root, an empty module that is always valid, so it could never have shown a broken stack.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { docSection, markdownFiles, readDoc, ROOT, section } from "./helpers/docs";

/** Every page that runs this project's stacks; the permission review's "make a plan of your own Terraform" recipe is not one. */
function pagesRunningTheStacks(): { file: string; text: string }[] {
  return markdownFiles().map((file) => {
    const text = readFileSync(join(ROOT, file), "utf8");
    return { file, text: file === "docs/permission-review.md" ? section(text, "## Rule pack", file) + section(text, "## checkov and trivy", file) : text };
  });
}

describe("Deploying (docs/deploying.md and the README)", () => {
  test("every terraform command they give runs in a stack folder (-chdir=cdktf.out/stacks/…)", () => {
    const pages = pagesRunningTheStacks();
    expect(pages.map(({ file }) => file)).toEqual(expect.arrayContaining(["README.md", "docs/deploying.md"]));
    const commands = pages.flatMap(({ file, text }) =>
      text
        .split("\n")
        .filter((line) => /^\s*(?:[A-Z_]+=\S+\s+)*terraform\s/.test(line) || /`terraform [a-z]/.test(line))
        .map((line) => ({ file, line })),
    );
    expect(commands.filter(({ file }) => file === "docs/deploying.md").length).toBeGreaterThan(0);
    for (const { file, line } of commands) {
      for (const command of line.match(/terraform (?:-chdir=\S+ )?(?:init|validate|plan|apply)\b[^`;&|]*/g) ?? []) {
        expect({ file, command, inStackFolder: command.includes("-chdir=cdktf.out/stacks/") }).toEqual({ file, command, inStackFolder: true });
      }
    }
  });

  test("it names the first-deploy prerequisites: admin principals, the API Gateway CloudWatch role, Lambda concurrency, Bedrock model access", () => {
    const firstDeploy = docSection("deploying", "## First deploy: what must exist first");
    for (const topic of ["admin.principalArns", "accountCloudWatchRole", "reservedConcurrency", "aws-marketplace", "create-foundation-model-agreement", "denyInference"]) {
      expect({ topic, named: firstDeploy.includes(topic) }).toEqual({ topic, named: true });
    }
  });

  test("the README's short version names the prerequisites too, and sends the reader to docs/deploying.md", () => {
    const short = section(readFileSync(join(ROOT, "README.md"), "utf8"), "## Deploying", "README.md");
    for (const topic of ["admin.principalArns", "accountCloudWatchRole", "reservedConcurrency", "third-party models", "](docs/deploying.md)"]) {
      expect({ topic, named: short.includes(topic) }).toEqual({ topic, named: true });
    }
    expect(readDoc("deploying")).toContain(short.match(/^CHATBOT_CONFIG=\S+ npx cdktf deploy .*$/m)?.[0]);
  });
});
