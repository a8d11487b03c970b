/**
 * The rule pack's "mirrors" claims, measured: checkov and trivy read every passing and failing case
 * of every rule (the same Terraform JSON rules.test.ts judges), and for each upstream id a rule
 * names, the scanner must fail the failing cases and pass the passing ones. A disagreement fails
 * this test unless KNOWN_DISAGREEMENTS gives its reason; an id a scanner never evaluates on the
 * rule's cases is named as such.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { loadConfig } from "../../../config/load";
import { runChecks } from "../../../policies/checks";
import { SCANNER_EXPLANATIONS } from "../../../policies/checks/scanner-explanations";
import { agreementOf, resourceAt, type ScannerVerdict } from "../../../policies/checks/scanners";
import { loadSynthOutput } from "../../../policies/extract/load";
import { synthApp } from "../../helpers/terraform";
import { scanFolder } from "../../../scripts/scan";
import { loadToolchain } from "../../helpers/toolchain";
import { API_CASES } from "./cases/api";
import { IAM_CASES } from "./cases/iam";
import { LAMBDA_CASES } from "./cases/lambda";
import { LOG_CASES } from "./cases/logs";
import { NETWORK_CASES } from "./cases/network";

const CASES = [...API_CASES, ...LAMBDA_CASES, ...LOG_CASES, ...NETWORK_CASES, ...IAM_CASES];
const isScannerId = (id: string) => /^(CKV2?_AWS_\d+|AVD-AWS-\d+)$/.test(id);

const TRIVY_JSON_BLOCKS =
  "trivy 0.74 does not read nested blocks written as JSON objects (`tracing_config`, `access_log_settings`), which is how cdktf writes them: the same resource in HCL passes (measured), so it fails every passing case, and every cdktf stack";
const TRIVY_NEEDS_PARENT = (parent: string) =>
  `trivy evaluates this check only on a resource it can link to its ${parent}, which the rule's one-resource cases leave out; on the synthesized stacks it does evaluate it (npm run scan)`;

/**
 * Where a scanner's verdict on a rule's cases differs from the rule's, and why, by `<rule id>
 * <upstream id>` (every case of the pair). Measured by this test; a pair listed here that agrees
 * again is reported as stale.
 */
export const KNOWN_DISAGREEMENTS: Readonly<Record<string, string>> = {
  "api-authorization CKV_AWS_59": "checkov passes an authorization given as a Terraform expression; the rule fails closed on what it cannot read",
  "api-authorization CKV2_AWS_70": "checkov's graph check (authorization or API key) passes every case: it judges the method with its API, which the cases leave out",
  "api-authorization AVD-AWS-0004": TRIVY_NEEDS_PARENT("REST API"),
  "api-request-validation CKV2_AWS_53": "stricter than checkov, which asks for a request validator only: the rule also wants it to validate the body against an application/json model",
  "api-access-logging CKV_AWS_76": "stricter than checkov, which asks for a destination only: the rule also wants a format",
  "api-access-logging AVD-AWS-0001": TRIVY_JSON_BLOCKS,
  "api-xray-tracing AVD-AWS-0003": TRIVY_NEEDS_PARENT("REST API"),
  "api-cache-encryption AVD-AWS-0002": TRIVY_NEEDS_PARENT("REST API and stage"),
  "api-caching CKV_AWS_120": "checkov judges the stage's cache cluster only; the rule also wants a method with caching on",
  "api-caching CKV_AWS_225": "checkov judges method settings only where they exist; the rule also fails a stage with no cache cluster",
  "api-caching AVD-AWS-0190": TRIVY_NEEDS_PARENT("REST API and stage"),
  "lambda-reserved-concurrency CKV_AWS_115": "checkov counts -1 (unreserved) as set; the rule does not",
  "lambda-in-vpc CKV_AWS_117": "checkov asks for a vpc_config block only; the rule also wants subnets and security groups in it",
  "lambda-env-no-secrets CKV_AWS_45": "checkov recognises secrets by their shape (keys, tokens); the rule also fails a literal value under a secret-like name (DB_PASSWORD)",
  "lambda-tracing CKV_AWS_50": "checkov accepts PassThrough as tracing; the rule wants Active (the function starts traces itself)",
  "lambda-tracing AVD-AWS-0066": TRIVY_JSON_BLOCKS,
  "lambda-permission-source AVD-AWS-0067": TRIVY_NEEDS_PARENT("function"),
  "log-group-retention CKV_AWS_66": "checkov counts 0 (never expire) as a retention; the rule wants a number of days",
  "log-group-kms AVD-AWS-0017": "trivy evaluates the key only when the case holds the aws_kms_key it references; the passing case names one it does not hold",
  "sg-no-public-ingress CKV_AWS_24": "a port-22 check: it fails only a case on port 22; the rule fails public ingress on any port",
  "sg-no-public-ingress CKV_AWS_25": "a port-3389 check: it fails only a case on port 3389; the rule fails public ingress on any port",
  "sg-no-public-ingress CKV_AWS_260": "a port-80 check: it fails only a case on port 80; the rule fails public ingress on any port",
  "sg-no-public-ingress CKV_AWS_277": "an all-ports check: it fails only a case open on every port; the rule fails public ingress on any port",
  "sg-no-public-ingress AVD-AWS-0107": "trivy fails the inline form but does not evaluate the standalone rule of the case, which names a group the case does not hold",
  "sg-no-public-egress CKV_AWS_382": "checkov judges egress written inline in a group; the rule also fails the standalone aws_vpc_security_group_egress_rule this module writes",
  "sg-no-public-egress AVD-AWS-0104": TRIVY_NEEDS_PARENT("security group"),
  "sg-descriptions CKV_AWS_23": "checkov accepts the provider's default description (\"Managed by Terraform\"); the rule wants one that says what the group is for",
  "sg-descriptions AVD-AWS-0099": TRIVY_NEEDS_PARENT("security group"),
  "sg-descriptions AVD-AWS-0124": TRIVY_NEEDS_PARENT("security group"),
  "vpc-flow-logs AVD-AWS-0178": "trivy links a flow log to its VPC only when both are in the case; the passing case's flow log names a VPC it does not hold",
  "iam-no-admin-access CKV_AWS_62": "checkov judges some policy forms only (not every inline or attached form the rule reads)",
  "iam-no-admin-access CKV_AWS_63": "checkov judges some policy forms only (not every inline or attached form the rule reads)",
  "iam-no-admin-access CKV2_AWS_40": "checkov judges some policy forms only (not every inline or attached form the rule reads)",
  "iam-no-admin-access CKV_AWS_274": "checkov matches the literal arn:aws:iam::aws:policy/AdministratorAccess; this module writes the partition as an expression (arn:${partition}:…), which the rule resolves and checkov does not",
  "iam-no-admin-access CKV2_AWS_56": "checkov's IAMFullAccess check has no case of its own here (the cases attach AdministratorAccess): it passes them all, as it should",
  "iam-wildcard-actions AVD-AWS-0057": "trivy judges documents of aws_iam_policy and policy-document data sources; the cases' inline role policy is not among them",
  "iam-wildcard-resources CKV_AWS_355": "checkov judges aws_iam_policy_document data sources; the cases' inline role policy is not among them",
  "iam-wildcard-resources CKV_AWS_290": "checkov judges aws_iam_policy_document data sources; the cases' inline role policy is not among them",
  "iam-trust-scoped CKV_AWS_60":
    "checkov fails a trust policy with \"AWS\": \"*\" even when a condition (aws:PrincipalOrgID) scopes it, which the rule accepts, and passes one of the unscoped forms the rule fails",
};

interface Row {
  readonly rule: string;
  readonly id: string;
  readonly scanner: "checkov" | "trivy";
  readonly kase: string;
  readonly expected: "failed" | "passed";
  readonly actual: "failed" | "passed" | "not evaluated";
}

describe("checkov and trivy agree with the rule pack on its own cases", () => {
  const rows: Row[] = [];
  const root = mkdtempSync(join(tmpdir(), "scanner-cases-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  beforeAll(() => {
    loadToolchain();
    const folders: { rule: string; ids: string[]; kase: string; expected: "failed" | "passed"; folder: string }[] = [];
    CASES.forEach(({ rule, passing, failing }, ruleIndex) => {
      const ids = rule.upstream.filter(isScannerId);
      if (ids.length === 0) return;
      const write = (label: string, expected: "failed" | "passed", resource: object, data: object | undefined, index: number) => {
        const folder = join(root, `${String(ruleIndex).padStart(2, "0")}-${rule.id}`, `${expected}-${index}`);
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, "main.tf.json"), JSON.stringify({ resource, ...(data ? { data } : {}) }, null, 2));
        folders.push({ rule: rule.id, ids, kase: label, expected, folder: relative(root, folder) });
      };
      passing.forEach(([label, resource], index) => write(label, "passed", resource, undefined, index));
      failing.forEach(([label, resource, , data], index) => write(label, "failed", resource, data, index));
    });
    const verdicts = scanFolder(root, (file) => JSON.parse(readFileSync(join(root, file), "utf8")));
    const byFolder = new Map<string, ScannerVerdict[]>();
    for (const verdict of verdicts) {
      const folder = dirname(verdict.file.replace(/^\//, ""));
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), verdict]);
    }
    for (const { rule, ids, kase, expected, folder } of folders) {
      for (const id of ids) {
        const scanner = id.startsWith("AVD-") ? "trivy" : "checkov";
        const found = (byFolder.get(folder) ?? []).filter((verdict) => verdict.id === id);
        const actual = found.length === 0 ? "not evaluated" : found.some((verdict) => verdict.status === "failed") ? "failed" : "passed";
        rows.push({ rule, id, scanner, kase, expected, actual });
      }
    }
  }, 600_000);

  test("every disagreement is listed with its reason, and every listed one still happens", () => {
    const key = (row: Row) => `${row.rule} ${row.id}`;
    const disagreements = rows.filter((row) => row.actual !== row.expected);
    const unlisted = disagreements.filter((row) => !(key(row) in KNOWN_DISAGREEMENTS)).map((row) => `${key(row)} (${row.kase}): rule ${row.expected}, ${row.scanner} ${row.actual}`);
    expect(unlisted).toEqual([]);
    const stale = Object.keys(KNOWN_DISAGREEMENTS).filter((listed) => !disagreements.some((row) => key(row) === listed));
    expect(stale).toEqual([]);
  });

  test("the agreement table (printed for docs/permission-review.md)", () => {
    const table = new Map<string, { rule: string; id: string; failing: string[]; passing: string[] }>();
    for (const row of rows) {
      const entry = table.get(`${row.rule} ${row.id}`) ?? { rule: row.rule, id: row.id, failing: [], passing: [] };
      (row.expected === "failed" ? entry.failing : entry.passing).push(row.actual);
      table.set(`${row.rule} ${row.id}`, entry);
    }
    const summarize = (verdicts: string[]) => [...new Set(verdicts)].join(" / ") || "—";
    const lines = [...table.values()].map((entry) => `| \`${entry.rule}\` | ${entry.id} | ${summarize(entry.failing)} | ${summarize(entry.passing)} |`);
    console.log(["| Rule | Upstream id | Scanner on failing cases | Scanner on passing cases |", "|---|---|---|---|", ...lines].join("\n"));
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe("checkov and trivy on the shipped configurations", () => {
  test.each(["dev.json", "prod.json"])("config/%s: every scanner finding is agreed by the rule pack or explained", (file) => {
    loadToolchain();
    const { outdir } = synthApp(loadConfig(join(__dirname, "..", "..", "..", "config", file)));
    try {
      const stacks = loadSynthOutput(outdir);
      const checks = runChecks(stacks);
      const open: string[] = [];
      for (const stack of stacks) {
        const dir = join(outdir, "stacks", stack.name);
        const failed = scanFolder(dir, () => stack.config).filter((verdict) => verdict.status === "failed");
        for (const verdict of failed) {
          const agreement = agreementOf(verdict, stack.name, checks, SCANNER_EXPLANATIONS, (address) => resourceAt(stack.config, address));
          if (agreement.kind === "unexplained" || agreement.kind === "rule-passes") open.push(`${stack.name}: ${verdict.scanner} ${verdict.id} ${verdict.resource} (${agreement.kind})`);
        }
      }
      expect(open).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 300_000);
});
