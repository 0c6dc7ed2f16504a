#!/usr/bin/env bash
# Web identity against the simulator's STS: a profile with web_identity_token_file and role_arn,
# and the AWS_WEB_IDENTITY_TOKEN_FILE / AWS_ROLE_ARN / AWS_ROLE_SESSION_NAME variables, each
# declare an incident with the session AssumeRoleWithWebIdentity (unsigned) gave; a web identity
# profile as a role's source_profile; a missing, empty or refused token: exit 3, one sentence
# naming the profile, nothing sent to Incident Manager, the token in no message. And --profile
# leaves environment keys out, as botocore does.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/profiles.bash"
require_klaxon sim
unset AWS_ENDPOINT_URL_STS AWS_WEB_IDENTITY_TOKEN_FILE AWS_ROLE_ARN AWS_ROLE_SESSION_NAME \
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS

PLAN=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage
ROLE=arn:aws:iam::111122223333:role/ci-deployer
DENIED=arn:aws:iam::111122223333:role/forbidden
start_sim --sts-deny-role "$DENIED" || { finish; exit; }
# A fresh JWT-shaped token, so that a scan for it finds only what this run wrote.
JWT=eyJhbGciOiJSUzI1NiJ9.$(rand_hex 24).$(rand_hex 16)
printf '%s\n' "$JWT" >"$T_TMP/token"
: >"$T_TMP/empty"
printf 'not-a-jwt\n' >"$T_TMP/bad"
ONCALL=arn:aws:iam::111122223333:role/oncall
# web_profile NAME TOKEN_FILE ROLE [KEY=VALUE...]: a web identity profile.
web_profile() { aws_profile "$1" region=us-east-1 web_identity_token_file="$2" role_arn="$3" "${@:4}"; }
{
    web_profile ci "$T_TMP/token" "$ROLE" role_session_name=ci-run-7
    role_profile responder "$ONCALL" ci
    web_profile nofile "$T_TMP/nowhere" "$ROLE"
    web_profile empty "$T_TMP/empty" "$ROLE"
    web_profile bad "$T_TMP/bad" "$ROLE"
    web_profile denied "$T_TMP/token" "$DENIED"
    aws_profile envrole region=us-east-1 role_arn="$ONCALL" credential_source=Environment
    aws_profile plain region=us-east-1
} >"$T_TMP/config"
export AWS_CONFIG_FILE=$T_TMP/config AWS_SHARED_CREDENTIALS_FILE=$T_TMP/credentials
export KLAXON_KEYRING=file AWS_ENDPOINT_URL_STS=$SIM_URL

# log_ops FROM: "operation:key-prefix:signature" of the log's lines from line FROM on.
log_ops() {
    jq -s -r "[.[$(($1 - 1)):] | .[] | \"\(.operation):\(.access_key_id // \"-\" | .[0:4]):\(.signature // \"-\")\"] | join(\" \")" "$SIM_LOG"
}
lines() { wc -l <"$SIM_LOG"; }
declare_as() { # declare_as TITLE KLAXON-ARGS...: start-incident against the simulator
    local title=$1
    shift
    "$KLAXON" "$@" start-incident --response-plan-arn "$PLAN" --impact 3 --title "$title" \
        --endpoint-url "$SIM_URL" 2>&1
}

# ---- a web identity profile ----
n=$(($(lines) + 1))
out=$(declare_as "webid profile" --profile ci)
check_eq "a web identity profile declares (exit 0)" "$?" 0
check_contains "... the incident's ARN printed" "$out" "incidentRecordArn"
check_eq "... AssumeRoleWithWebIdentity, unsigned, then StartIncident signed with its session" \
    "$(log_ops "$n")" "AssumeRoleWithWebIdentity:-:- StartIncident:ASIA:valid"
ALL=$out

# ---- the environment variables, with a profile that has no web identity settings ----
n=$(($(lines) + 1))
out=$(AWS_WEB_IDENTITY_TOKEN_FILE=$T_TMP/token AWS_ROLE_ARN=$ROLE AWS_ROLE_SESSION_NAME=from-env \
    declare_as "webid env" --profile plain)
check_eq "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN declare (exit 0)" "$?" 0
check_eq "... through AssumeRoleWithWebIdentity" "$(log_ops "$n")" \
    "AssumeRoleWithWebIdentity:-:- StartIncident:ASIA:valid"
ALL+=$out
n=$(($(lines) + 1))
out=$(AWS_WEB_IDENTITY_TOKEN_FILE=$T_TMP/token AWS_ROLE_ARN=$ROLE AWS_PROFILE=plain \
    "$KLAXON" list-response-plans --endpoint-url "$SIM_URL" 2>&1)
check_eq "... and the read calls (no profile flag)" "$?" 0
check_eq "... through AssumeRoleWithWebIdentity" "$(log_ops "$n")" \
    "AssumeRoleWithWebIdentity:-:- ListResponsePlans:ASIA:valid"
ALL+=$out

# ---- a web identity profile as a role's source_profile ----
n=$(($(lines) + 1))
out=$(declare_as "webid source" --profile responder)
check_eq "a role whose source_profile is a web identity profile declares (exit 0)" "$?" 0
check_eq "... web identity, then AssumeRole signed with its session, then StartIncident" \
    "$(log_ops "$n")" \
    "AssumeRoleWithWebIdentity:-:- AssumeRole:ASIA:valid StartIncident:ASIA:valid"
ALL+=$out

# ---- bad inputs: exit 3, one sentence, nothing sent to Incident Manager ----
# refused LABEL WHAT TEXT ARGS...: declare_as with ARGS must stop at exit 3 and say TEXT; the
# output stays in $out for further checks.
refused() {
    local label=$1 what=$2 text=$3
    shift 3
    out=$(declare_as "never" "$@")
    check_eq "$label: exit 3" "$?" 3
    check_contains "$what" "$out" "$text"
    ALL+=$out
}
before=$(grep -c StartIncident "$SIM_LOG")
refused "a missing token file" "... naming the profile and the file's setting" \
    "web-identity: profile nofile: the web identity token file (web_identity_token_file) cannot be read" \
    --profile nofile
check_contains "... and the path" "$out" "$T_TMP/nowhere"
refused "an empty token file" "... naming profile and file" \
    "web-identity: profile empty: the web identity token file $T_TMP/empty (web_identity_token_file) is empty" \
    --profile empty
AWS_WEB_IDENTITY_TOKEN_FILE=$T_TMP/token refused "a token file without a role" "... saying what to set" \
    "AWS_WEB_IDENTITY_TOKEN_FILE names a web identity token file but no role is set; set role_arn in the profile or AWS_ROLE_ARN" \
    --profile plain
refused "a token STS refuses" "... naming profile, file and role" \
    "web-identity: profile bad: STS does not accept the web identity token in $T_TMP/bad (role $ROLE): InvalidIdentityToken" \
    --profile bad
refused "a role whose trust policy refuses" "... saying so" \
    "access denied by the trust policy of the role" --profile denied
check_eq "... none of them reached Incident Manager" "$(grep -c StartIncident "$SIM_LOG")" "$before"

# ---- --profile leaves environment keys out (botocore); AWS_PROFILE does not ----
use_sim_keys
n=$(($(lines) + 1))
out=$(declare_as "flag" --profile envrole)
check_eq "--profile with credential_source = Environment assumes the role (exit 0)" "$?" 0
check_eq "... AssumeRole signed with the environment's keys, StartIncident with the session" \
    "$(log_ops "$n")" "AssumeRole:${SIM_AKID:0:4}:valid StartIncident:ASIA:valid"
n=$(($(lines) + 1))
out=$(AWS_PROFILE=envrole declare_as "env profile")
check_eq "AWS_PROFILE with environment keys: the keys are used as they are (exit 0)" "$?" 0
check_eq "... no AssumeRole" "$(log_ops "$n")" "StartIncident:${SIM_AKID:0:4}:valid"
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY

check_eq "the token is in no message" "$(grep -c -- "$JWT" <<<"$ALL")" 0
check_eq "... nor in the simulator's log" "$(grep -c -- "${JWT#*.}" "$SIM_LOG")" 0
finish
