#!/usr/bin/env bash
# The Bedrock permission review as the GitHub Action (action.yml) runs it: a script of its own so
# that a test runs exactly these steps. Reads its inputs from the environment, writes the report
# (markdown, or SARIF for code scanning) into $REVIEW_OUT, and the step outputs:
#   exit-code  the review's (0 nothing failing, 1 findings, 2 could not run)
#   failed     whether the job must fail, by fail-on
#   report     the markdown report (the pull-request comment, at most ~60,000 characters)
#   sarif      the SARIF to upload: unsuppressed results only (code scanning opens an alert for a
#              suppressed one too); the complete SARIF, reasons included, is review-full.sarif
# It exits 0 when the review ran, whatever it found (the Action fails the job last, after the
# comment or the upload), and 2 on inputs it cannot use.
set -euo pipefail

format="${REVIEW_FORMAT:-markdown}"
fail_on="${REVIEW_FAIL_ON:-any}"
out="${REVIEW_OUT:-${RUNNER_TEMP:-/tmp}/bedrock-plane-review}"
output="${GITHUB_OUTPUT:-/dev/null}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"

case "$format" in markdown | sarif) ;; *) echo "::error::bedrock-plane-review: format must be markdown or sarif, got '$format'"; exit 2 ;; esac
case "$fail_on" in any | violations | never) ;; *) echo "::error::bedrock-plane-review: fail-on must be any, violations or never, got '$fail_on'"; exit 2 ;; esac

# The command: the pinned package from npm, or (tests, a checkout of this repository) BEDROCK_PLANE_REVIEW.
if [ -n "${BEDROCK_PLANE_REVIEW:-}" ]; then
  read -ra review <<< "$BEDROCK_PLANE_REVIEW"
else
  # The bin loads none of the package's peers (cdktf, the AWS provider): npm need not fetch them.
  export npm_config_legacy_peer_deps=true
  review=(npx --yes --package "cdktf-bedrock-chatbot@${REVIEW_VERSION:?the version input is required}" bedrock-plane-review)
fi
read -ra paths <<< "${REVIEW_PATHS:-.}"
options=()
[ -n "${REVIEW_BASE:-}" ] && options+=(--base "$REVIEW_BASE")
[ -n "${REVIEW_CONFIG:-}" ] && options+=(--config "$REVIEW_CONFIG")

mkdir -p "$out"
set +e
"${review[@]}" "${paths[@]}" "${options[@]}" --format markdown > "$out/review-full.md" 2> "$out/review.err"
code=$?
set -e
cat "$out/review.err" >&2

if [ "$code" -ge 2 ]; then
  printf '## Bedrock permission review\n\n⚠️ The review could not run: `%s`\n' "$(head -n 1 "$out/review.err")" > "$out/review-full.md"
  echo "::error::bedrock-plane-review could not run: $(head -n 1 "$out/review.err")"
fi

# A pull-request comment holds at most 65,536 characters; the full report stays in the artifact.
if [ "$(wc -c < "$out/review-full.md")" -gt 60000 ]; then
  { head -c 60000 "$out/review-full.md"; printf '\n\n… truncated: the full review is in the bedrock-plane-review artifact of this run.\n'; } > "$out/review.md"
else
  cp "$out/review-full.md" "$out/review.md"
fi
cat "$out/review.md" >> "$summary"

if [ "$format" = sarif ] && [ "$code" -lt 2 ]; then
  "${review[@]}" "${paths[@]}" "${options[@]}" --format sarif > "$out/review-full.sarif" || [ $? -eq 1 ]
  node -e '
    const { readFileSync, writeFileSync } = require("node:fs");
    const [from, to] = process.argv.slice(1);
    const sarif = JSON.parse(readFileSync(from, "utf8"));
    for (const run of sarif.runs) run.results = run.results.filter((result) => !(result.suppressions ?? []).length);
    writeFileSync(to, JSON.stringify(sarif));' "$out/review-full.sarif" "$out/review.sarif"
  echo "sarif=$out/review.sarif" >> "$output"
fi

# fail-on: any fails on what the review fails on; violations on the permission review alone (--no-checks); never reports only.
failed=false
if [ "$code" -ge 2 ]; then
  failed=true
elif [ "$fail_on" = any ] && [ "$code" -eq 1 ]; then
  failed=true
elif [ "$fail_on" = violations ] && [ "$code" -eq 1 ]; then
  set +e
  "${review[@]}" "${paths[@]}" "${options[@]}" --no-checks --format json > /dev/null 2>&1
  [ $? -ne 0 ] && failed=true
  set -e
fi

{
  echo "exit-code=$code"
  echo "failed=$failed"
  echo "report=$out/review.md"
  echo "directory=$out"
} >> "$output"
