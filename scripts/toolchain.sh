#!/usr/bin/env bash
# Builds, once, the tools that check this project's output the way a platform team's pipeline
# would, and keeps them in a cache outside the repository (nothing here is committed):
#   - the Terraform CLI: the machine's `terraform` when it has one, else OpenTofu built from the
#     Go module proxy;
#   - the hashicorp/aws provider, built from its Go module and installed through a filesystem
#     mirror (the Terraform registry is not reachable from CI);
#   - moto's server (an AWS API emulator on loopback) in a virtualenv, for plan / apply / destroy;
#   - the scanners platform teams run on Terraform: checkov (same virtualenv) and trivy (built
#     from its Go module), for `npm run scan`.
# Re-running it reuses what is built. It writes $CACHE/toolchain.env, which the tests read.
#
#   bash scripts/toolchain.sh            # or: npm run toolchain
#   CHATBOT_TOOLCHAIN_DIR=/elsewhere bash scripts/toolchain.sh
#
# Cold: ~22 min on 2 cores (the provider's Go build: a 900 MB binary); warm: ~1 s.
set -euo pipefail

CACHE="${CHATBOT_TOOLCHAIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-bedrock-chatbot/toolchain}"

# The provider cdktf's bindings were generated from is 6.25.0, which the Go module proxy here does
# not serve (the module has no /v6 path, so only pseudo-versions exist, and only this one is
# served). It is the main branch after 6.47.1 (June 2026), a later release of the same major
# version: every argument the 6.25.0 bindings write exists in it. The tests point their working
# copies at this version (docs/deploying.md, "What the project checks before you deploy").
PROVIDER_MODULE="github.com/hashicorp/terraform-provider-aws"
PROVIDER_PSEUDO_VERSION="v1.60.1-0.20260602190131-5f2286d6d836"
PROVIDER_VERSION="6.47.1"
MOTO_VERSION="5.2.5"
CHECKOV_VERSION="3.3.30"
TRIVY_VERSION="v0.74.0"
OPENTOFU_VERSION="v1.10.7"

log() { printf '[toolchain] %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || { log "missing '$1': $2"; exit 1; }; }

mkdir -p "$CACHE"
start=$(date +%s)

# --- Terraform CLI ------------------------------------------------------------------------------
if command -v terraform >/dev/null 2>&1; then
  TERRAFORM_BIN="$(command -v terraform)"
else
  TERRAFORM_BIN="$CACHE/bin/tofu"
  if [ ! -x "$TERRAFORM_BIN" ]; then
    need go "install Go 1.26 (Debian: golang, or https://go.dev/dl) to build OpenTofu"
    log "no terraform on PATH: building OpenTofu $OPENTOFU_VERSION from the Go module proxy"
    GOBIN="$CACHE/bin" go install -trimpath -ldflags "-s -w" "github.com/opentofu/opentofu/cmd/tofu@$OPENTOFU_VERSION"
  fi
fi
log "terraform: $TERRAFORM_BIN ($(TF_CLI_CONFIG_FILE=/dev/null "$TERRAFORM_BIN" version | head -1))"

# --- hashicorp/aws provider, through a filesystem mirror ----------------------------------------
MIRROR="$CACHE/providers"
# The mirror names the platform the binary was built for (go builds for the host).
PLATFORM="$(go env GOOS 2>/dev/null || echo linux)_$(go env GOARCH 2>/dev/null || echo amd64)"
PROVIDER_DIR="$MIRROR/registry.terraform.io/hashicorp/aws/$PROVIDER_VERSION/$PLATFORM"
PROVIDER_BIN="$PROVIDER_DIR/terraform-provider-aws_v$PROVIDER_VERSION"
if [ ! -x "$PROVIDER_BIN" ]; then
  need go "install Go 1.26 to build the AWS provider"
  log "building hashicorp/aws $PROVIDER_VERSION ($PROVIDER_MODULE@$PROVIDER_PSEUDO_VERSION); tens of minutes on 2 cores"
  source_dir="$(go mod download -json "$PROVIDER_MODULE@$PROVIDER_PSEUDO_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  mkdir -p "$PROVIDER_DIR"
  # The module cache is read-only; go build writes only to its build cache and to -o.
  # `go: downloading …` lines (hundreds of AWS SDK modules) are left out of the log.
  (cd "$source_dir" && GOFLAGS=-mod=readonly go build -p 2 -trimpath -ldflags "-s -w -X $PROVIDER_MODULE/version.ProviderVersion=$PROVIDER_VERSION" -o "$PROVIDER_BIN.tmp" . 2>&1 | { grep -v '^go: downloading' || true; } >&2; exit "${PIPESTATUS[0]}")
  mv "$PROVIDER_BIN.tmp" "$PROVIDER_BIN"
fi
log "provider: $PROVIDER_BIN"

# The CLI configuration: the AWS provider from the mirror only; plugins linked from one cache per machine.
mkdir -p "$CACHE/plugin-cache"
cat > "$CACHE/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
}
plugin_cache_dir = "$CACHE/plugin-cache"
disable_checkpoint = true
RC

# --- moto server ----------------------------------------------------------------------------------
VENV="$CACHE/venv"
if [ ! -x "$VENV/bin/moto_server" ] || ! "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('moto') != '$MOTO_VERSION')" 2>/dev/null; then
  need python3 "install Python 3.11 (Debian: python3 python3-venv)"
  log "installing moto[server]==$MOTO_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
log "moto: $VENV/bin/moto_server ($MOTO_VERSION)"

# --- scanners ------------------------------------------------------------------------------------
if ! "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('checkov') != '$CHECKOV_VERSION')" 2>/dev/null; then
  log "installing checkov==$CHECKOV_VERSION into $VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi
log "checkov: $VENV/bin/checkov ($CHECKOV_VERSION)"
TRIVY_BIN="$CACHE/bin/trivy-$TRIVY_VERSION"
if [ ! -x "$TRIVY_BIN" ]; then
  need go "install Go 1.26 to build trivy"
  log "building trivy $TRIVY_VERSION from the Go module proxy (a few minutes)"
  # trivy uses encoding/json/v2, still behind an experiment flag in Go 1.26.
  tmp_bin="$(mktemp -d)"
  GOEXPERIMENT=jsonv2 GOBIN="$tmp_bin" go install -trimpath -ldflags "-s -w" "github.com/aquasecurity/trivy/cmd/trivy@$TRIVY_VERSION" 2>&1 | { grep -v '^go: downloading' || true; } >&2
  mkdir -p "$CACHE/bin" && mv "$tmp_bin/trivy" "$TRIVY_BIN" && rmdir "$tmp_bin"
fi
log "trivy: $TRIVY_BIN"

# --- Node.js releases (20, 22, 24) for the tests of what differs by Node: a script of its own ------
CHATBOT_TOOLCHAIN_DIR="$CACHE" bash "$(dirname "${BASH_SOURCE[0]}")/node-runtimes.sh"

cat > "$CACHE/toolchain.env" <<ENV
TERRAFORM_BIN=$TERRAFORM_BIN
TF_CLI_CONFIG_FILE=$CACHE/terraformrc
TERRAFORM_PROVIDER_AWS_VERSION=$PROVIDER_VERSION
TERRAFORM_PROVIDER_AWS_SOURCE=$PROVIDER_MODULE@$PROVIDER_PSEUDO_VERSION
MOTO_SERVER_BIN=$VENV/bin/moto_server
MOTO_VERSION=$MOTO_VERSION
CHECKOV_BIN=$VENV/bin/checkov
CHECKOV_VERSION=$CHECKOV_VERSION
TRIVY_BIN=$TRIVY_BIN
TRIVY_VERSION=$TRIVY_VERSION
ENV
log "ready in $(( $(date +%s) - start )) s: $CACHE/toolchain.env"
