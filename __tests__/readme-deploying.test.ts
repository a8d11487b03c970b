/**
 * The deploying recipes (docs/deploying.md, and the README's short version) run Terraform where
 * the configuration is: in a stack's folder. (An earlier recipe ran `terraform validate` in the
 * repository root, an empty module that is always valid, so it could never have shown a broken stack.)
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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

  describe("the Terraform recipe, run as written with terraform and npm stood in for", () => {
    /** The fenced block of docs/deploying.md that applies the stacks in a loop. */
    const recipe = (() => {
      const blocks = [...readDoc("deploying").matchAll(/^```\w*\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
      const loops = blocks.filter((block) => /for stack in .*; do/.test(block) && /\bapply tfplan\b/.test(block));
      expect(loops).toHaveLength(1);
      return loops[0];
    })();

    /** Runs the recipe in a scratch folder; the stand-ins log each call, and terraform fails where told to. */
    function run(failOn?: { stack: string; command: string }): { status: number | null; calls: string[] } {
      const dir = mkdtempSync(join(tmpdir(), "deploy-recipe-"));
      try {
        const log = join(dir, "calls.log");
        const fail = failOn ? `case "$*" in *${failOn.stack}*" ${failOn.command}"*) exit 1;; esac` : "";
        for (const [tool, body] of [["terraform", fail], ["npm", ""]] as const) {
          writeFileSync(join(dir, tool), `#!/bin/sh\necho "${tool} $*" >> "${log}"\n${body}\nexit 0\n`);
          chmodSync(join(dir, tool), 0o755);
        }
        const result = spawnSync("bash", ["-c", recipe], { cwd: dir, env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, encoding: "utf8" });
        let calls: string[] = [];
        try {
          calls = readFileSync(log, "utf8").trim().split("\n");
        } catch {
          calls = [];
        }
        return { status: result.status, calls };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    test("all goes well: synth, then each stack's init, plan and apply, control plane first, and success", () => {
      const { status, calls } = run();
      expect(status).toBe(0);
      expect(calls[0]).toMatch(/^npm run synth/);
      expect(calls.slice(1).map((call) => call.replace(/ -out=tfplan| tfplan/, ""))).toEqual(
        ["control-plane", "data-plane"].flatMap((plane) => ["init", "plan", "apply"].map((command) => `terraform -chdir=cdktf.out/stacks/chatbot-prod-${plane} ${command}`)),
      );
    });

    test("a failed control-plane apply stops it: the data plane is never touched, and the recipe fails", () => {
      const { status, calls } = run({ stack: "chatbot-prod-control-plane", command: "apply" });
      expect(status).not.toBe(0);
      expect(calls[calls.length - 1]).toMatch(/control-plane apply/);
      expect(calls.filter((call) => call.includes("data-plane"))).toEqual([]);
    });

    test("a failed plan stops it before its own apply", () => {
      const { status, calls } = run({ stack: "chatbot-prod-control-plane", command: "plan" });
      expect(status).not.toBe(0);
      expect(calls.filter((call) => / apply/.test(call))).toEqual([]);
    });
  });
});
