/**
 * The model list (policies/catalogue/bedrock-models.json) is well-formed data in the format its
 * refresh script writes, every id in it has the form the function and synth accept, every model
 * the project ships or tests with is in it for its region, and the lookups read it right.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { modelIdFault } from "../../../contract/model-id";
import { AWS_REGIONS } from "../../../modules/core/aws-regions";
import { KNOWN_FOUNDATION_MODELS, KNOWN_INFERENCE_PROFILES, MODEL_LIST, SCANNED_REGIONS, idsOfferedIn, modelOfferFault } from "../../../policies/catalogue/bedrock-models";
import { PROFILE_GEOGRAPHIES, parseModelId } from "../../../policies/documents/model-arns";

const ROOT = join(__dirname, "..", "..", "..");
const FILE = join(ROOT, "policies", "catalogue", "bedrock-models.json");
const SCRIPT = join(ROOT, "scripts", "update-models.py");
const list = JSON.parse(readFileSync(FILE, "utf8")) as {
  takenOn: string;
  source: string;
  scannedRegions: string[];
  foundationModels: Record<string, string[]>;
  inferenceProfiles: Record<string, string[]>;
};
const sortedUnique = (values: readonly string[]) => [...new Set(values)].sort();

describe("the model list's data", () => {
  test("says when it was taken and from where, and holds the two maps and the scanned regions", () => {
    expect(Object.keys(list)).toEqual(["//", "takenOn", "source", "scannedRegions", "foundationModels", "inferenceProfiles"]);
    expect(list.takenOn).toMatch(/^20\d\d-[01]\d-[0-3]\d$/);
    expect(list.source).toMatch(/ListFoundationModels/);
    expect(MODEL_LIST.takenOn).toBe(list.takenOn);
  });

  test("covers the regions where Bedrock serves most, each a known aws-partition region, sorted", () => {
    expect(list.scannedRegions).toEqual(sortedUnique(list.scannedRegions));
    expect(list.scannedRegions.filter((region) => !AWS_REGIONS.aws.includes(region))).toEqual([]);
    expect(list.scannedRegions).toEqual(expect.arrayContaining(["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1", "ap-southeast-2"]));
  });

  test("every id has the form the chat function and synth accept (contract/model-id.ts)", () => {
    const malformed = [...Object.keys(list.foundationModels), ...Object.keys(list.inferenceProfiles)].filter((id) => modelIdFault(id) !== undefined);
    expect(malformed).toEqual([]);
  });

  test("every region list is sorted, without repeats, within the scanned regions", () => {
    for (const [id, regions] of [...Object.entries(list.foundationModels), ...Object.entries(list.inferenceProfiles)]) {
      expect({ id, regions }).toEqual({ id, regions: sortedUnique(regions) });
      expect({ id, outside: regions.filter((region) => !SCANNED_REGIONS.has(region)) }).toEqual({ id, outside: [] });
    }
    // A profile is listed only where it can be called from.
    expect(Object.entries(list.inferenceProfiles).filter(([, regions]) => regions.length === 0)).toEqual([]);
  });

  test("every profile is a known geography in front of a model of the list, and reads back as such (the grants are built from that reading)", () => {
    for (const id of Object.keys(list.inferenceProfiles)) {
      const parsed = parseModelId(id);
      expect({ id, kind: parsed.kind }).toEqual({ id, kind: "inference-profile" });
      expect({ id, known: KNOWN_FOUNDATION_MODELS.has(parsed.foundationModelId) }).toEqual({ id, known: true });
    }
    const geographies = sortedUnique(Object.keys(list.inferenceProfiles).map((id) => id.slice(0, id.indexOf("."))));
    expect(geographies.filter((geography) => !(PROFILE_GEOGRAPHIES as readonly string[]).includes(geography))).toEqual([]);
    // And no vendor is mistaken for a geography.
    expect(Object.keys(list.foundationModels).filter((id) => parseModelId(id).kind !== "foundation-model")).toEqual([]);
  });

  test("is in the format scripts/update-models.py writes (--reformat rewrites it byte for byte)", () => {
    const out = join(mkdtempSync(join(tmpdir(), "models-")), "bedrock-models.json");
    execFileSync("python3", [SCRIPT, "--reformat", "--output", out], { stdio: "pipe" });
    expect(readFileSync(out, "utf8")).toBe(readFileSync(FILE, "utf8"));
  });
});

describe("every model the project ships or tests with is in the list, for its region", () => {
  const configDirs = [join(ROOT, "config"), join(ROOT, "__tests__", "fixtures", "configs")];
  const configs = configDirs.flatMap((dir) => readdirSync(dir).filter((name) => name.endsWith(".json")).map((name) => join(dir, name)));

  test.each(configs.map((path) => [path.slice(ROOT.length + 1), path]))("%s", (_label, path) => {
    const config = JSON.parse(readFileSync(path, "utf8")) as { region: string; models: (string | { id: string })[]; allowedNewModels?: string[] };
    const models = config.models.map((model) => (typeof model === "string" ? model : model.id));
    expect(models.length).toBeGreaterThan(0);
    expect(SCANNED_REGIONS.has(config.region)).toBe(true);
    expect(config.allowedNewModels ?? []).toEqual([]);
    expect(models.map((id) => ({ id, fault: modelOfferFault(id, config.region) }))).toEqual(models.map((id) => ({ id, fault: undefined })));
  });

  test("the examples' models, each offered in the region its provider names", () => {
    const examples = readdirSync(join(ROOT, "examples")).map((name) => readFileSync(join(ROOT, "examples", name, "main.ts"), "utf8"));
    const uses = examples.flatMap((source) => {
      const region = /region: "([a-z0-9-]+)"/.exec(source)![1];
      return [...source.matchAll(/(?:modelId: |models: \[)"([^"]+)"/g)].map((match) => ({ id: match[1], region }));
    });
    expect(uses.length).toBeGreaterThanOrEqual(3);
    expect(uses.map((use) => ({ ...use, fault: modelOfferFault(use.id, use.region) }))).toEqual(uses.map((use) => ({ ...use, fault: undefined })));
  });
});

describe("lookups", () => {
  test("a region's offer: its on-demand models and the profiles callable from it, nothing of other regions", () => {
    const usEast1 = idsOfferedIn("us-east-1");
    expect(usEast1.has("amazon.nova-lite-v1:0")).toBe(true);
    expect(usEast1.has("us.amazon.nova-lite-v1:0")).toBe(true);
    expect(usEast1.has("eu.amazon.nova-lite-v1:0")).toBe(false);
    expect(idsOfferedIn("eu-west-1").has("amazon.nova-lite-v1:0")).toBe(false);
    expect(idsOfferedIn("xx-east-1").size).toBe(0);
  });

  test("the union holds every id of every region", () => {
    for (const region of SCANNED_REGIONS) for (const id of idsOfferedIn(region)) expect(KNOWN_FOUNDATION_MODELS.has(id) || KNOWN_INFERENCE_PROFILES.has(id)).toBe(true);
  });

  test("a misspelt geography is found among the region's own ids", () => {
    expect(modelOfferFault("ue.amazon.nova-lite-v1:0", "eu-west-1")).toMatch(/did you mean "eu\.amazon\.nova-lite-v1:0"\?$/);
  });

  test("outside the scanned regions: a profile of a known model passes for any known geography (us-gov. is not scanned), an unknown geography does not", () => {
    expect(modelOfferFault("us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0", "us-gov-west-1")).toBeUndefined();
    expect(modelOfferFault("us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0", "us-east-1")).toMatch(/^the us-gov\. inference profile is not offered from us-east-1: did you mean "us\./);
    expect(modelOfferFault("xx.anthropic.claude-sonnet-4-5-20250929-v1:0", undefined)).toMatch(/^is not a model id Bedrock offers in any region/);
  });
});

describe("scripts/update-models.py asking AWS (boto3 stood in for: no credentials here)", () => {
  test("keeps chat models on demand where listed so, profiles where listed, drops embeddings and regions that do not answer", () => {
    const fake = mkdtempSync(join(tmpdir(), "fake-boto3-"));
    mkdirSync(join(fake, "boto3"));
    mkdirSync(join(fake, "botocore"));
    writeFileSync(join(fake, "botocore", "__init__.py"), "");
    writeFileSync(join(fake, "botocore", "config.py"), "class Config:\n    def __init__(self, **kw): pass\n");
    writeFileSync(
      join(fake, "boto3", "__init__.py"),
      `
PROFILES = {"us-east-1": ["us.amazon.nova-lite-v1:0"], "eu-west-1": ["eu.amazon.nova-lite-v1:0", "eu.cohere.embed-v4:0"]}
class Paginator:
    def __init__(self, region): self.region = region
    def paginate(self, typeEquals):
        assert typeEquals == "SYSTEM_DEFINED"
        for pid in PROFILES[self.region]: yield {"inferenceProfileSummaries": [{"inferenceProfileId": pid, "status": "ACTIVE"}]}
class Client:
    def __init__(self, region): self.region = region
    def list_foundation_models(self):
        if self.region == "ap-east-9": raise RuntimeError("opt-in region not enabled")
        on_demand = ["ON_DEMAND"] if self.region == "us-east-1" else []
        chat = {"modelId": "amazon.nova-lite-v1:0", "inputModalities": ["TEXT", "IMAGE"], "outputModalities": ["TEXT"], "responseStreamingSupported": True, "inferenceTypesSupported": on_demand + ["INFERENCE_PROFILE"]}
        speech = {"modelId": "amazon.nova-sonic-v1:0", "inputModalities": ["SPEECH"], "outputModalities": ["SPEECH", "TEXT"], "responseStreamingSupported": True, "inferenceTypesSupported": ["ON_DEMAND"]}
        embed = {"modelId": "cohere.embed-v4:0", "inputModalities": ["TEXT"], "outputModalities": ["EMBEDDING"], "responseStreamingSupported": False, "inferenceTypesSupported": ["ON_DEMAND"]}
        return {"modelSummaries": [chat, speech, embed]}
    def get_paginator(self, name): return Paginator(self.region)
class Session:
    def get_available_regions(self, service, partition_name): return ["us-east-1", "eu-west-1", "ap-east-9"]
    def client(self, service, region_name, config): return Client(region_name)
`,
    );
    const out = join(fake, "bedrock-models.json");
    execFileSync("python3", [SCRIPT, "--output", out, "--taken-on", "2026-12-01"], { env: { ...process.env, PYTHONPATH: fake }, stdio: "pipe" });
    const written = JSON.parse(readFileSync(out, "utf8"));
    expect(written).toMatchObject({
      takenOn: "2026-12-01",
      scannedRegions: ["eu-west-1", "us-east-1"],
      foundationModels: { "amazon.nova-lite-v1:0": ["us-east-1"] },
      inferenceProfiles: { "eu.amazon.nova-lite-v1:0": ["eu-west-1"], "us.amazon.nova-lite-v1:0": ["us-east-1"] },
    });
    expect(Object.keys(written.foundationModels)).toEqual(["amazon.nova-lite-v1:0"]);
    expect(Object.keys(written.inferenceProfiles)).toEqual(["eu.amazon.nova-lite-v1:0", "us.amazon.nova-lite-v1:0"]);
  });
});
