#!/usr/bin/env bash
# Role profiles against the simulator's STS: a chain base -> role -> role signs Incident Manager
# calls with the last session's keys; a loop, a role the trust policy refuses, a missing
# terminal and a wrong MFA code each fail with exit 3 and a sentence naming profile and role;
# the MFA code typed on a terminal works; the AWS CLI reads the same files the same way.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/profiles.bash"
source "$(dirname "$0")/shell_pane.bash"
require_klaxon sim
unset AWS_ENDPOINT_URL_STS

random_keys klxRole
DENIED=arn:aws:iam::111122223333:role/forbidden
sim_keys_file "$AKID" "$SECRET"
start_sim --credentials-file "$T_TMP/keys/k" --sts-deny-role "$DENIED" || { finish; exit; }
ROLES=arn:aws:iam::111122223333:role
{
    aws_profile base region=us-east-1
    role_profile first "$ROLES/first" base
    role_profile oncall "$ROLES/oncall" first role_session_name=klaxon-test
    role_profile third "$ROLES/third" oncall duration_seconds=900
    role_profile mfa "$ROLES/mfa" base mfa_serial=arn:aws:iam::111122223333:mfa/alice
    role_profile denied "$DENIED" base
    role_profile stranger "$ROLES/oncall" unknown
    aws_profile unknown region=us-east-1 aws_access_key_id=AKIDNOTKNOWNHERE01 \
        aws_secret_access_key=not/known/here
    role_profile loopa "$ROLES/a" loopb
    aws_profile loopb role_arn="$ROLES/b" source_profile=loopa
} >"$T_TMP/config"
aws_section base aws_access_key_id="$AKID" aws_secret_access_key="$SECRET" >"$T_TMP/credentials"
export AWS_CONFIG_FILE=$T_TMP/config AWS_SHARED_CREDENTIALS_FILE=$T_TMP/credentials
export KLAXON_KEYRING=file
export AWS_ENDPOINT_URL_STS=$SIM_URL

# log_field N FIELD: FIELD of the simulator log's line N.
log_field() { jq -s -r ".[$(($1 - 1))].$2" "$SIM_LOG"; }

# ---- base -> first -> oncall ----
out=$("$KLAXON" --profile oncall list-response-plans --endpoint-url "$SIM_URL" 2>&1)
check_eq "a two-role chain lists the plans (exit 0)" "$?" 0
check_contains "... the simulator's plans" "$out" "critical-outage"
check_eq "... first AssumeRole, signed for sts with the base key" \
    "$(log_field 1 operation) $(log_field 1 access_key_id) $(log_field 1 signature)" \
    "AssumeRole $AKID valid"
first=$(log_field 2 access_key_id)
check_eq "... the second AssumeRole signed with the first session's key" \
    "$(log_field 2 operation) ${first:0:4} $(log_field 2 signature)" "AssumeRole ASIA valid"
last=$(log_field 3 access_key_id)
check_eq "... the Incident Manager call signed with the last session (key and token)" \
    "$(log_field 3 operation) ${last:0:4} $(log_field 3 signature)" "ListResponsePlans ASIA valid"
check "... a key other than the first session's" test "$last" != "$first"
check_eq "... three calls in all" "$(wc -l <"$SIM_LOG")" 3
ALL=$out

# ---- base -> first -> oncall -> third ----
out=$("$KLAXON" --profile third list-response-plans --endpoint-url "$SIM_URL" 2>&1)
check_eq "a three-role chain lists the plans (exit 0)" "$?" 0
check_eq "... three AssumeRole calls, then the Incident Manager call, all signed well" \
    "$(jq -s -r '[.[3:] | .[] | "\(.operation):\(.access_key_id[0:4]):\(.signature)"] | join(" ")' "$SIM_LOG")" \
    "AssumeRole:${AKID:0:4}:valid AssumeRole:ASIA:valid AssumeRole:ASIA:valid ListResponsePlans:ASIA:valid"
ALL+=$out

# ---- refusals, exit 3 ----
out=$("$KLAXON" --profile loopa list-response-plans --endpoint-url "$SIM_URL" 2>&1)
check_eq "a source_profile loop: exit 3" "$?" 3
check_contains "... naming its profiles" "$out" "the source_profile chain loops: loopa -> loopb -> loopa"
ALL+=$out
out=$("$KLAXON" --profile denied list-response-plans --endpoint-url "$SIM_URL" 2>&1)
check_eq "a role the trust policy refuses: exit 3" "$?" 3
check_contains "... saying so, naming profile and role" "$out" \
    "profile denied: access denied by the trust policy of role $DENIED (source: base)"
ALL+=$out
out=$("$KLAXON" --profile stranger list-response-plans --endpoint-url "$SIM_URL" 2>&1)
check_eq "source keys STS does not know: exit 3" "$?" 3
check_contains "... saying so, naming profile and role" "$out" \
    "profile stranger: STS does not accept the source keys, so it would not assume role arn:aws:iam::111122223333:role/oncall (source: unknown): InvalidClientTokenId"
ALL+=$out
out=$(setsid "$KLAXON" --profile mfa list-response-plans --endpoint-url "$SIM_URL" </dev/null 2>&1)
check_eq "mfa_serial without a terminal: exit 3" "$?" 3
check_contains "... saying a terminal is needed" "$out" \
    "profile mfa needs a code from MFA device arn:aws:iam::111122223333:mfa/alice and there is no terminal"
check_eq "... and nothing reached Incident Manager" "$(grep -c ListResponsePlans "$SIM_LOG")" 2
ALL+=$out

# ---- the MFA code typed on a terminal (a tmux pane) ----
if ! command -v tmux >/dev/null; then
    not_ok "tmux installed" "tmux is a test dependency (scripts/install-deps)"
else
    pane_start "$T_TMP/tmux.sock"
    trap 'pane_stop; t_cleanup' EXIT
    CMD="$KLAXON --profile mfa list-response-plans --endpoint-url $SIM_URL"
    pane_type "$CMD >/dev/null; echo RC=\$?"
    check "the MFA code is asked for as the AWS CLI asks" \
        pane_wait "Enter MFA code for arn:aws:iam::111122223333:mfa/alice: "
    pane_type 123456
    check "the right code: the role is assumed and the call made (exit 0)" pane_wait "RC=0"
    check_eq "... the code was not echoed" "$(pane_text | grep -c 123456)" 0
    pane_type clear
    pane_type "$CMD; echo RC=\$?"
    check "asked again" pane_wait "Enter MFA code for"
    pane_type 654321
    check "a wrong code: exit 3" pane_wait "RC=3"
    check_contains "... saying the code was wrong, naming profile and role" "$(pane_text)" \
        "profile mfa: the MFA code was wrong or has expired, so STS would not assume role arn:aws:iam::111122223333:role/mfa"
    ALL+=$(pane_text)
fi

# ---- the AWS CLI, as a peer, through the same files and the same simulator ----
if command -v aws >/dev/null; then
    out=$(AWS_DEFAULT_REGION=us-east-1 timeout 60 aws --profile oncall ssm-incidents \
        list-response-plans --endpoint-url "$SIM_URL" 2>&1)
    check_eq "the AWS CLI assumes the same chain against the simulator" "$?" 0
    check_contains "... and lists the same plans" "$out" "critical-outage"
else
    skip "the AWS CLI as a peer" "aws is not installed"
fi

check_eq "no secret in any message or on the terminal" "$(grep -c -- "$SECRET" <<<"$ALL")" 0
finish
