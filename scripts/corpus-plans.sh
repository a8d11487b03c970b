#!/usr/bin/env bash
# Writes, for each permission-review corpus case that Terraform can plan offline, the plan JSON
# Terraform itself produces: __tests__/fixtures/review-corpus/<case>/plan.json
# (`terraform show -json` of `terraform plan -refresh=false`), so the review can be tested on
# real plan output as well as on the .tf files.
#
#   bash scripts/corpus-plans.sh               # every case
#   bash scripts/corpus-plans.sh CASE [CASE…]  # only these
#   CORPUS_PLANS_KEEP=1 bash scripts/corpus-plans.sh …  # keep the working copies (and terraform.log)
#
# Needs the toolchain scripts/toolchain.sh builds (terraform, hashicorp/aws 6.47.1 in a filesystem
# mirror, moto's server); no network, no AWS credentials. Idempotent: each run rewrites plan.json
# of the cases that plan and removes nothing else. The fixture .tf files are never modified:
# each case is copied to a temporary directory, and only there does the script add:
#   - zz_review_override.tf: the AWS provider on moto (us-east-1, fake keys, skip_* flags,
#     every endpoint -> moto), hashicorp/aws pinned to the mirror's 6.47.1, any backend replaced
#     by "local". An `_override.tf` file, so a case's own provider "aws" / terraform blocks are
#     overridden rather than duplicated (when a case has no provider "aws" block, the provider is
#     written to zz_review_provider.tf instead, since an override needs a base block);
#   - zz_review_variables.tf: `variable "x" {}` for each key of the case's plan.tfvars.json that
#     the case uses but does not declare (cases are excerpts of larger configurations);
#   - zz_review_stubs.tf (some cases): the minimum a case references but does not contain
#     (locals, data sources, resources from sibling files), listed in the output; each stub
#     resource appears in the plan too, as a create, so the review sees it. Dummy Lambda zips
#     the configuration hashes with filebase64sha256() are created in the copy too.
# Variable values come from <case>/plan.tfvars.json (committed, so a run is reproducible).
# Things a case's data sources look up (an existing IAM role) are created in moto first.
#
# Skipped: cases with module blocks (the registry is not reachable), and cases using a provider
# other than hashicorp/aws (only aws is in the offline mirror). Output: one line per case,
# "planned" or "skipped (why)"; exit 0 unless the toolchain is missing.
# A plan.json over ~1 MB loses its prior_state (said in the output); nothing else is dropped.
# Between runs plan.json differs only in timestamps (timestamp, created/create_date of data
# sources) and in IDs moto makes up despite the seed (ecs-litellm-counttokens-finding's stub
# subnet IDs, the unique_id of the role ec2-lambda-shared-policy-with-github-oidc looks up).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="$ROOT/__tests__/fixtures/review-corpus"
TOOLCHAIN="${CHATBOT_TOOLCHAIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-bedrock-chatbot/toolchain}"
ENV_FILE="$TOOLCHAIN/toolchain.env"
[ -f "$ENV_FILE" ] || { echo "no $ENV_FILE: run bash scripts/toolchain.sh first" >&2; exit 1; }
# shellcheck disable=SC1090
set -a; . "$ENV_FILE"; set +a
PROVIDER_VERSION="$TERRAFORM_PROVIDER_AWS_VERSION"
VENV_PYTHON="$(dirname "$MOTO_SERVER_BIN")/python"

export TF_CLI_CONFIG_FILE TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
export TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE=1 AWS_MAX_ATTEMPTS=2
# Nothing of the caller's AWS configuration may leak into the runs.
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

WORK="$(mktemp -d "${TMPDIR:-/tmp}/corpus-plans.XXXXXX")"
MOTO_PID=""
cleanup() {
  if [ -n "$MOTO_PID" ]; then kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; fi
  if [ -n "${CORPUS_PLANS_KEEP:-}" ]; then echo "working copies kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- moto on loopback -----------------------------------------------------------------------------
# A fixed port: the URL is written into plan.json (configuration.provider_config), so a random one
# would change it on every run. moto is seeded so that the IDs it makes up (default VPC, subnets,
# role IDs) are the same on every run too.
PORT="${CORPUS_PLANS_MOTO_PORT:-45730}"
python3 -c 'import socket, sys; s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.close()' "$PORT" 2>/dev/null ||
  { echo "port $PORT is in use: set CORPUS_PLANS_MOTO_PORT to a free one" >&2; exit 1; }
MOTO_URL="http://127.0.0.1:$PORT"
"$MOTO_SERVER_BIN" -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
for _ in $(seq 150); do
  curl -sf "$MOTO_URL/moto-api/" >/dev/null 2>&1 && break
  kill -0 "$MOTO_PID" 2>/dev/null || { echo "moto_server exited: $(tail -5 "$WORK/moto.log")" >&2; exit 1; }
  sleep 0.2
done
curl -sf "$MOTO_URL/moto-api/" >/dev/null || { echo "moto_server did not answer on $MOTO_URL" >&2; exit 1; }
curl -sf -X POST "$MOTO_URL/moto-api/seed?a=42" >/dev/null

# AWS services the cases' provider calls could reach, all pointed at moto.
SERVICES="apigateway apprunner bedrock bedrockagent cloudwatch cognitoidp dynamodb ec2 ecr ecs eks elbv2 iam kms lambda logs rds redshiftserverless s3 secretsmanager sfn sns sqs ssm sts"

# --- per-case additions -----------------------------------------------------------------------------
# What a case references but does not contain, as HCL, in the copy only. Keep these minimal: no
# IAM statement is added anywhere, and a stub only sets the arguments the provider requires
# (plus, for an App Runner ECR access role, the trust AWS documents for it).
stubs() {
  case "$1" in
    apigw-cognito-lambda-listfoundationmodels)
      dummy_zip src/auth/auth.zip src/bedrock/bedrock.zip ;;
    lambda-fullaccess-split-files)
      dummy_zip deployment-lambda-hello.zip ;;
    lambda-templatefile-policy)
      dummy_zip output_processor.zip ;;
    apprunner-kb-agent-service-roles)
      cat <<'HCL'
locals {
  account_id = "123456789012"
}

# adk.tf's App Runner service pulls from ECR with this role (declared in a sibling file upstream).
resource "aws_iam_role" "frontend_app_ecr" {
  name = "gds-eligability-frontend-app-ecr"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "build.apprunner.amazonaws.com" } }]
  })
}

resource "aws_redshiftserverless_namespace" "bedrock_kb" {
  namespace_name        = "eligibility-kb"
  db_name               = "eligibility"
  admin_username        = "kbadmin"
  manage_admin_password = true
}

resource "aws_redshiftserverless_workgroup" "bedrock_kb" {
  namespace_name = aws_redshiftserverless_namespace.bedrock_kb.namespace_name
  workgroup_name = "eligibility-kb"
}
HCL
      ;;
    ecs-litellm-counttokens-finding)
      cat <<'HCL'
locals {
  environment      = "development"
  litellm_hostname = "litellm.hmcts-claude-provider.example.gov.uk"
  application_data = {
    accounts = {
      development = {
        litellm_task_cpu      = 1024
        litellm_task_memory   = 2048
        litellm_image_tag     = "main-v1.74.0-stable"
        litellm_desired_count = 1
      }
    }
  }
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

data "aws_vpc" "shared" {
  default = true
}

data "aws_subnets" "shared-private" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.shared.id]
  }
}

resource "aws_security_group" "litellm_alb" {
  name_prefix = "litellm-alb-"
  vpc_id      = data.aws_vpc.shared.id
}

resource "aws_security_group" "litellm_db" {
  name_prefix = "litellm-db-"
  vpc_id      = data.aws_vpc.shared.id
}

resource "aws_secretsmanager_secret" "litellm_master_key" {
  name = "litellm/master-key"
}

resource "aws_secretsmanager_secret" "litellm_salt_key" {
  name = "litellm/salt-key"
}

resource "aws_secretsmanager_secret" "litellm_db_password" {
  name = "litellm/db-password"
}

resource "aws_db_instance" "litellm" {
  identifier                  = "litellm"
  engine                      = "postgres"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  db_name                     = "litellm"
  username                    = "litellm"
  manage_master_user_password = true
  skip_final_snapshot         = true
}

resource "aws_secretsmanager_secret_version" "litellm_master_key" {
  secret_id     = aws_secretsmanager_secret.litellm_master_key.id
  secret_string = "placeholder"
}

resource "aws_secretsmanager_secret_version" "litellm_salt_key" {
  secret_id     = aws_secretsmanager_secret.litellm_salt_key.id
  secret_string = "placeholder"
}

resource "aws_secretsmanager_secret_version" "litellm_db_password" {
  secret_id     = aws_secretsmanager_secret.litellm_db_password.id
  secret_string = "placeholder"
}

resource "aws_lb_target_group" "litellm" {
  name        = "litellm"
  port        = 4000
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = data.aws_vpc.shared.id
}

resource "aws_lb" "litellm" {
  name            = "litellm"
  subnets         = data.aws_subnets.shared-private.ids
  security_groups = [aws_security_group.litellm_alb.id]
}

resource "aws_lb_listener" "litellm_https" {
  load_balancer_arn = aws_lb.litellm.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.litellm.arn
  }
}
HCL
      ;;
    lambda-invoke-agent-finding)
      cat <<'HCL'
locals {
  agent_name = "child-event-manager-dev"
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_s3_bucket" "child_event_manager_knowledge_base" {
  count  = var.enable_knowledge_base ? 1 : 0
  bucket = "child-event-manager-dev-knowledge-base"
}

resource "aws_bedrockagent_agent" "child_event_manager_main" {
  agent_name              = "child-event-manager-dev"
  agent_resource_role_arn = aws_iam_role.child_event_manager_bedrock_agent.arn
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
}

resource "aws_bedrockagent_agent" "child_event_manager_meal_planner" {
  count                   = var.enable_meal_agent ? 1 : 0
  agent_name              = "child-event-meal-planner-dev"
  agent_resource_role_arn = aws_iam_role.child_event_manager_bedrock_agent.arn
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
}

resource "aws_bedrockagent_agent" "child_event_manager_location" {
  count                   = var.enable_location_agent ? 1 : 0
  agent_name              = "child-event-location-dev"
  agent_resource_role_arn = aws_iam_role.child_event_manager_bedrock_agent.arn
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
}
HCL
      ;;
    multi-role-passrole-sfn)
      dummy_zip handler.zip
      cat <<'HCL'
resource "aws_ecr_repository" "phase_runner" {
  name = "cloudcrew-phase-runner-${var.environment}"
}

resource "aws_cloudwatch_log_group" "ecs_phase_runner" {
  name = "/ecs/cloudcrew-phase-runner-${var.environment}"
}

resource "aws_cloudwatch_log_group" "lambda_pm_review" {
  name = "/aws/lambda/cloudcrew-pm-review-${var.environment}"
}

resource "aws_cloudwatch_log_group" "lambda_approval" {
  name = "/aws/lambda/cloudcrew-approval-${var.environment}"
}

resource "aws_cloudwatch_log_group" "lambda_api" {
  name = "/aws/lambda/cloudcrew-api-${var.environment}"
}

resource "aws_cloudwatch_log_group" "lambda_sfn_handlers" {
  name = "/aws/lambda/cloudcrew-sfn-handlers-${var.environment}"
}

resource "aws_dynamodb_table" "projects" {
  name         = "cloudcrew-projects-${var.environment}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "PK"
  attribute {
    name = "PK"
    type = "S"
  }
}

resource "aws_dynamodb_table" "metrics" {
  name         = "cloudcrew-metrics-${var.environment}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "PK"
  attribute {
    name = "PK"
    type = "S"
  }
}

resource "aws_s3_bucket" "kb_data" {
  bucket = "cloudcrew-kb-data-${var.environment}"
}

resource "aws_s3_bucket" "sow_uploads" {
  bucket = "cloudcrew-sow-uploads-${var.environment}"
}

resource "aws_ecs_task_definition" "phase_runner" {
  family                = "cloudcrew-phase-runner-${var.environment}"
  container_definitions = jsonencode([{ name = "phase-runner", image = "${aws_ecr_repository.phase_runner.repository_url}:latest", essential = true }])
}

resource "aws_lambda_function" "sfn_handlers" {
  function_name = "cloudcrew-sfn-handlers-${var.environment}"
  role          = aws_iam_role.lambda_sfn_handlers.arn
  handler       = "handler.handler"
  runtime       = "python3.12"
  filename      = "handler.zip"
}

resource "aws_lambda_function" "pm_review" {
  function_name = "cloudcrew-pm-review-${var.environment}"
  role          = aws_iam_role.lambda_pm_review.arn
  handler       = "handler.handler"
  runtime       = "python3.12"
  filename      = "handler.zip"
}

resource "aws_lambda_function" "approval" {
  function_name = "cloudcrew-approval-${var.environment}"
  role          = aws_iam_role.lambda_approval.arn
  handler       = "handler.handler"
  runtime       = "python3.12"
  filename      = "handler.zip"
}

resource "aws_sfn_state_machine" "orchestrator" {
  name       = "cloudcrew-orchestrator-${var.environment}"
  role_arn   = aws_iam_role.sfn_execution.arn
  # Refers to a Lambda ARN so the definition is unknown at plan time: with a known definition the
  # provider calls SFN ValidateStateMachineDefinition while planning, which moto does not implement.
  definition = jsonencode({ StartAt = "Handle", States = { Handle = { Type = "Task", Resource = aws_lambda_function.sfn_handlers.arn, End = true } } })
}
HCL
      ;;
  esac
}

# What a case's data sources look up, created in moto before the plan.
seed_moto() {
  case "$1" in
    ec2-lambda-shared-policy-with-github-oidc)
      # data "aws_iam_role" "developer": an existing role (an SSO / developer role upstream).
      "$VENV_PYTHON" - "$MOTO_URL" <<'PY'
import json, sys, boto3
iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id="emulator", aws_secret_access_key="emulator")
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
         "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]}
try:
    iam.create_role(RoleName="developer", AssumeRolePolicyDocument=json.dumps(trust))
except iam.exceptions.EntityAlreadyExistsException:
    pass
PY
      ;;
  esac
}

# Empty-but-valid zip files at the given paths of the working copy (filebase64sha256 needs them).
dummy_zip() {
  for path in "$@"; do
    mkdir -p "$(dirname "$DIR/$path")"
    # A fixed timestamp, so the zip (and the source_code_hash in plan.json) is the same on every run.
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w").writestr(zipfile.ZipInfo("index.py", (2024, 1, 1, 0, 0, 0)), "def handler(event, context):\n    return {}\n")' "$DIR/$path"
  done
}

# Why a case cannot be planned here, or nothing.
skip_reason() {
  local dir="$1" other
  if grep -qE '^[[:space:]]*module[[:space:]]+"' "$dir"/*.tf; then
    echo "module blocks (registry / module sources not reachable offline)"; return
  fi
  other="$(grep -hoE '^[[:space:]]*(resource|data)[[:space:]]+"[a-z0-9]+_' "$dir"/*.tf | sed -E 's/.*"([a-z0-9]+)_$/\1/' | grep -vE '^(aws|terraform)$' | sort -u | tr '\n' ' ')"
  if [ -n "$other" ]; then
    echo "uses provider(s) not in the offline mirror: ${other% }"; return
  fi
}

write_override() {
  local dir="$1" provider_file backend=""
  grep -qE '^[[:space:]]*(backend[[:space:]]+"|cloud[[:space:]]*\{)' "$dir"/*.tf && backend='
  backend "local" {}'
  cat >"$dir/zz_review_override.tf" <<HCL
# Added by scripts/corpus-plans.sh: the mirror's provider build, no remote backend.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "$PROVIDER_VERSION"
    }
  }$backend
}
HCL
  # An override needs a base block to override; without one the provider goes in a plain file.
  if grep -qE '^[[:space:]]*provider[[:space:]]+"aws"' "$dir"/*.tf; then provider_file="$dir/zz_review_override.tf"; else provider_file="$dir/zz_review_provider.tf"; fi
  {
    echo
    echo '# Added by scripts/corpus-plans.sh: the AWS provider on moto, with fake credentials.'
    echo 'provider "aws" {'
    echo '  region                      = "us-east-1"'
    echo '  access_key                  = "emulator"'
    echo '  secret_key                  = "emulator"'
    echo '  skip_credentials_validation = true'
    echo '  skip_requesting_account_id  = true'
    echo '  skip_metadata_api_check     = true'
    echo '  skip_region_validation      = true'
    echo '  s3_use_path_style           = true'
    echo '  endpoints {'
    for service in $SERVICES; do printf '    %-18s = "%s"\n' "$service" "$MOTO_URL"; done
    echo '  }'
    echo '}'
  } >>"$provider_file"
}

# variable "x" {} for each plan.tfvars.json key the case does not declare.
write_variables() {
  local dir="$1" tfvars="$2"
  [ -f "$tfvars" ] || return 0
  python3 - "$dir" "$tfvars" <<'PY'
import glob, json, os, re, sys
directory, tfvars = sys.argv[1], sys.argv[2]
declared = set()
for path in glob.glob(os.path.join(directory, "*.tf")):
    declared |= set(re.findall(r'^\s*variable\s+"([^"]+)"', open(path).read(), re.M))
missing = [name for name in json.load(open(tfvars)) if name not in declared]
if missing:
    with open(os.path.join(directory, "zz_review_variables.tf"), "w") as out:
        out.write("# Added by scripts/corpus-plans.sh: variables the case uses but declares in files not copied.\n")
        for name in missing:
            out.write(f'variable "{name}" {{}}\n')
PY
}

# plan.json: indented (reviewable diffs), relevant_attributes sorted; prior_state dropped when the file would exceed ~1 MB.
write_plan_json() {
  python3 - "$1" "$2" <<'PY'
import json, sys
source, target = sys.argv[1], sys.argv[2]
plan = json.load(open(source))
# Terraform writes relevant_attributes in map-iteration order; sorted, runs compare equal.
plan.get("relevant_attributes", []).sort(key=lambda item: json.dumps(item, sort_keys=True))
text = json.dumps(plan, indent=2) + "\n"
note = ""
if len(text.encode()) > 1_000_000 and "prior_state" in plan:
    del plan["prior_state"]
    text = json.dumps(plan, indent=2) + "\n"
    note = "prior_state dropped (over 1 MB)"
open(target, "w").write(text)
print(note)
PY
}

# --- the cases ------------------------------------------------------------------------------------------
if [ $# -gt 0 ]; then CASES=("$@"); else CASES=(); for d in "$CORPUS"/*/; do CASES+=("$(basename "$d")"); done; fi
started=$(date +%s)
planned=0; skipped=0
for name in "${CASES[@]}"; do
  src="$CORPUS/$name"
  [ -f "$src/case.json" ] || { printf '%-45s skipped (no such case)\n' "$name"; skipped=$((skipped + 1)); continue; }
  reason="$(skip_reason "$src")"
  if [ -n "$reason" ]; then printf '%-45s skipped (%s)\n' "$name" "$reason"; skipped=$((skipped + 1)); continue; fi

  DIR="$WORK/$name"
  mkdir -p "$DIR"
  # Everything the case holds but its metadata and this script's outputs (.tf, policies/, templates).
  (cd "$src" && tar --exclude=./case.json --exclude=./plan.json --exclude=./plan.tfvars.json -cf - .) | (cd "$DIR" && tar -xf -)
  write_override "$DIR"
  tfvars="$src/plan.tfvars.json"
  write_variables "$DIR" "$tfvars"
  stub="$(stubs "$name")"
  stub_note=""
  if [ -n "$stub" ]; then
    printf '# Added by scripts/corpus-plans.sh: what the case references from files not copied.\n%s\n' "$stub" >"$DIR/zz_review_stubs.tf"
    stub_note="$(grep -hoE '^(resource|data) "[^"]+" "[^"]+"' "$DIR/zz_review_stubs.tf" | sed -E 's/^resource "([^"]+)" "([^"]+)"/\1.\2/; s/^data "([^"]+)" "([^"]+)"/data.\1.\2/' | tr '\n' ' ')"
  fi
  seed_moto "$name"

  var_args=()
  [ -f "$tfvars" ] && var_args=("-var-file=$tfvars")
  log="$DIR/terraform.log"
  if ! terraform -chdir="$DIR" init -input=false -no-color >"$log" 2>&1; then
    printf '%-45s skipped (terraform init failed: %s)\n' "$name" "$(grep -m1 -A2 '^Error' "$log" | tr '\n' ' ' | cut -c1-200)"
    skipped=$((skipped + 1)); continue
  fi
  if ! timeout "${CORPUS_PLANS_TIMEOUT:-300}" terraform -chdir="$DIR" plan -input=false -no-color -lock=false -refresh=false "${var_args[@]}" -out=tfplan >>"$log" 2>&1; then
    printf '%-45s skipped (terraform plan failed: %s)\n' "$name" "$(grep -m1 -A3 '^Error' "$log" | tr '\n' ' ' | tr -s ' ' | cut -c1-300)"
    skipped=$((skipped + 1)); continue
  fi
  terraform -chdir="$DIR" show -json tfplan >"$DIR/plan.raw.json"
  note="$(write_plan_json "$DIR/plan.raw.json" "$src/plan.json")"
  count="$(python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); print(len(p.get("resource_changes", [])))' "$src/plan.json")"
  printf '%-45s planned (%s resource changes%s%s)\n' "$name" "$count" "${stub_note:+; stubs: ${stub_note% }}" "${note:+; $note}"
  planned=$((planned + 1))
done
echo "planned $planned, skipped $skipped, in $(( $(date +%s) - started )) s"
