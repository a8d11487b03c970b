#!/usr/bin/env bash
# Installs, once, the Node.js releases the tests run the Node-dependent parts on (synthesis, the
# chat function's bundle, the packed review bin, CDK Terrain's CLI), whatever Node runs the tests:
#   20: the oldest this package supports (end of life since April 2026, still what many run);
#   22: the oldest CDK Terrain's CLI runs on (>= 22.19), and Lambda's nodejs22.x;
#   24: Lambda's nodejs24.x, which the chat function is deployed on.
# Each comes from the npm registry as a package (node-<os>-<arch>@<version>: a bin/node inside),
# fetched by npm itself (which checks the registry's integrity hash), into the toolchain's cache
# outside the repository. Re-running it reuses what is there. It writes $CACHE/node-runtimes.env,
# which the tests read (__tests__/helpers/node-runtimes.ts).
#
#   bash scripts/node-runtimes.sh        (npm run toolchain runs it too)
#
# Cold: ~30 s per release (a 30 MB download each); warm: well under a second.
set -euo pipefail

CACHE="${CHATBOT_TOOLCHAIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-bedrock-chatbot/toolchain}"
# One release per supported major, exact: package.json's engines, the README's table and the CI
# matrix name these majors (a test holds them together).
NODE_RELEASES=(20.20.2 22.23.5 24.22.3)

log() { printf '[node-runtimes] %s\n' "$*" >&2; }

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x64 ;;
  Linux-aarch64 | Linux-arm64) platform=linux-arm64 ;;
  Darwin-x86_64) platform=darwin-x64 ;;
  Darwin-arm64) platform=darwin-arm64 ;;
  *) log "no npm package of Node.js for $(uname -s) $(uname -m)"; exit 1 ;;
esac

mkdir -p "$CACHE/node"
env_lines=()
for version in "${NODE_RELEASES[@]}"; do
  dir="$CACHE/node/v$version"
  if [ ! -x "$dir/bin/node" ] || [ "$("$dir/bin/node" --version 2>/dev/null)" != "v$version" ]; then
    log "installing Node.js $version (npm package node-$platform@$version)"
    work="$(mktemp -d)"
    # --ignore-scripts: the package is the binary and nothing to run; the repository's .npmrc is not read from here.
    (cd "$work" && npm pack --ignore-scripts --loglevel=error "node-$platform@$version" >/dev/null)
    mkdir -p "$work/unpacked"
    tar -xzf "$work"/node-"$platform"-"$version".tgz -C "$work/unpacked" --strip-components=1
    actual="$("$work/unpacked/bin/node" --version)"
    if [ "$actual" != "v$version" ]; then log "node-$platform@$version holds Node.js $actual"; exit 1; fi
    rm -rf "$dir" && mv "$work/unpacked" "$dir" && rm -rf "$work"
  fi
  env_lines+=("NODE_${version%%.*}=$dir/bin/node")
  log "Node.js $version: $dir/bin/node"
done

printf '%s\n' "${env_lines[@]}" > "$CACHE/node-runtimes.env"
log "ready: $CACHE/node-runtimes.env"
