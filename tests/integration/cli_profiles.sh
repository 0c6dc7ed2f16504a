#!/usr/bin/env bash
# A profile that does not exist is named at once, in the AWS CLI's words, before the region, the
# endpoint or anything else is looked at, whether --profile or AWS_PROFILE named it; nothing is
# sent. Exit 3 (klaxon's "no usable credentials"; the AWS CLI exits 255).
source "$(dirname "$0")/lib.sh"
require_klaxon sim
export KLAXON_KEYRING=none
PLAN=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage
check "simulator starts" start_sim || { finish; exit; }
mkdir -p "$HOME/.aws"
printf '[default]\nregion = us-east-1\n[profile oncall]\nregion = us-east-1\n' >"$HOME/.aws/config"

# run NAME ARGS...: klaxon with no region anywhere but the real profiles'.
run() {
    local name=$1; shift
    out=$("$@" 2>&1)
    check_eq "$name: exit 3" "$?" 3
    check_contains "$name: the profile is named" "$out" "The config profile (nosuch) could not be found"
    [[ $out == *"no region"* ]] && not_ok "$name: not hidden behind the region" "$out" ||
        ok "$name: not hidden behind the region"
}
run "AWS_PROFILE=nosuch list-response-plans" env AWS_PROFILE=nosuch "$KLAXON" list-response-plans
run "--profile nosuch get-response-plan" "$KLAXON" --profile nosuch get-response-plan --arn "$PLAN"
run "--profile nosuch start-incident" "$KLAXON" start-incident --response-plan-arn "$PLAN" \
    --profile nosuch --endpoint-url "$SIM_URL"
run "AWS_PROFILE=nosuch, env keys and an endpoint" env AWS_PROFILE=nosuch \
    AWS_ACCESS_KEY_ID=$SIM_AKID AWS_SECRET_ACCESS_KEY=$SIM_SECRET "$KLAXON" \
    --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN"
# The form and --plain too: the misspelt name comes before any screen or prompt.
run "AWS_PROFILE=nosuch, the form" env AWS_PROFILE=nosuch "$KLAXON" --endpoint-url "$SIM_URL"
run "--profile nosuch --plain" "$KLAXON" --plain --profile nosuch --endpoint-url "$SIM_URL"
check_eq "nothing reached the simulator" "$(jq -s length "$SIM_LOG")" 0
if [ -x /usr/bin/aws ]; then
    aws_err=$(AWS_PROFILE=nosuch /usr/bin/aws ssm-incidents list-response-plans 2>&1)
    check_contains "the AWS CLI's words" "$aws_err" "The config profile (nosuch) could not be found"
fi
# A profile that exists still works, and still needs its keys.
out=$(AWS_PROFILE=oncall AWS_ACCESS_KEY_ID=$SIM_AKID AWS_SECRET_ACCESS_KEY=$SIM_SECRET \
    "$KLAXON" --endpoint-url "$SIM_URL" list-response-plans --query 'length(responsePlanSummaries)')
check_eq "an existing profile: the call is made" "$out" 5
finish
