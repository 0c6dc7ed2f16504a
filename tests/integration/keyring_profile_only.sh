#!/usr/bin/env bash
# A profile whose keys live only in the keyring (no section in ~/.aws/*) is usable with
# --profile; a profile nobody knows is still the AWS CLI's "could not be found".
source "$(dirname "$0")/lib.sh"
export KLAXON_KEYRING=file KLAXON_VAULT_PASSPHRASE=correct-horse-battery-staple
PLAN=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage
start_sim || exit 1

printf '%s\n%s\n' "$SIM_AKID" "$SIM_SECRET" | "$KLAXON" credentials set --profile oncall >/dev/null 2>&1
check_eq "credentials set --profile oncall" "$?" 0
check "no ~/.aws files were needed" test ! -e "$HOME/.aws"

out=$("$KLAXON" --profile oncall --region us-east-1 --endpoint-url "$SIM_URL" list-response-plans 2>&1)
check_eq "a keyring-only profile signs calls" "$?" 0
check_contains "and the call worked" "$out" "responsePlanSummaries"

out=$(AWS_PROFILE=oncall "$KLAXON" --region us-east-1 --endpoint-url "$SIM_URL" \
    start-incident --response-plan-arn "$PLAN" --title "from the keyring" 2>&1)
check_eq "AWS_PROFILE names it too" "$?" 0

out=$("$KLAXON" --profile nobody --region us-east-1 --endpoint-url "$SIM_URL" list-response-plans 2>&1)
check_eq "an unknown profile: exit 3" "$?" 3
check_contains "the AWS CLI's message" "$out" "The config profile (nobody) could not be found"

out=$(AWS_ACCESS_KEY_ID=$SIM_AKID AWS_SECRET_ACCESS_KEY=$SIM_SECRET "$KLAXON" --profile nobody \
    --region us-east-1 --endpoint-url "$SIM_URL" list-response-plans 2>&1)
check_eq "environment keys do not excuse an unknown profile (as in the AWS CLI)" "$?" 3
finish
