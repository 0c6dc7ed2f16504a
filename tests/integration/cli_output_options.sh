#!/usr/bin/env bash
# The global options come from one table (cli/options.c): --help lists each, the parser takes
# each anywhere on the line, "help" after a command prints that command's help, and the values
# of --color and the timeouts are checked before anything is sent.
source "$(dirname "$0")/lib.sh"
require_klaxon sim
PLAN=arn:aws:ssm-incidents::111122223333:response-plan/db
dry() { "$KLAXON" start-incident --response-plan-arn "$PLAN" --impact 2 --dry-run "$@"; }

help=$("$KLAXON" --help)
names=$(sed -n '/cli_global_options\[\] = {/,/^};/p' "$(dirname "$0")/../../cli/options.c" |
    grep -o '{"--[a-z-]*"' | tr -d '{"')
check "the table has global options" test -n "$names"
missing=""
for n in $names; do [[ $help == *"  $n"* ]] || missing+=" $n"; done
check_eq "--help lists every option of the table" "$missing" ""
check_contains "--help shows a value's name" "$help" "--cli-read-timeout SECONDS"

out=$("$KLAXON" start-incident help)
check_eq "start-incident help exits 0" "$?" 0
check_contains "start-incident help is the command's own help" "$out" \
    "usage: klaxon start-incident --response-plan-arn"
out=$("$KLAXON" help start-incident)
check_contains "help start-incident too" "$out" "usage: klaxon start-incident"
out=$("$KLAXON" get-response-plan help)
check_contains "get-response-plan help" "$out" "usage: klaxon get-response-plan --arn ARN"

dry --cli-read-timeout 0 --cli-connect-timeout 0 >/dev/null
check_eq "timeouts of 0 are accepted (no timeout)" "$?" 0
err=$(dry --cli-read-timeout -1 2>&1 >/dev/null)
check_eq "a negative timeout: exit 2" "$?" 2
check_contains "a negative timeout is named" "$err" "--cli-read-timeout"
dry --debug --no-color --region us-east-1 >/dev/null
check_eq "global switches after the command" "$?" 0
for c in on off auto; do
    dry --color "$c" >/dev/null
    check_eq "--color $c accepted" "$?" 0
done
err=$(dry --color sometimes 2>&1 >/dev/null)
check_eq "--color sometimes: exit 2" "$?" 2
check_contains "--color lists its values" "$err" "on, off or auto"
err=$("$KLAXON" --profile 2>&1)
check_eq "--profile without a value: exit 2" "$?" 2

# A timeout of 0 is none at all, as in the AWS CLI: a reply 2 s late still arrives, where a
# 1 s limit gives up (no time is measured: only which of the two ends each run).
if start_sim --delay 2; then
    use_sim_keys
    AWS_MAX_ATTEMPTS=1 "$KLAXON" --endpoint-url "$SIM_URL" --cli-read-timeout 1 \
        list-response-plans >/dev/null 2>&1
    check_eq "--cli-read-timeout 1 against a reply 2 s late: gives up (exit 5)" "$?" 5
    out=$(AWS_MAX_ATTEMPTS=1 "$KLAXON" --endpoint-url "$SIM_URL" --cli-read-timeout 0 \
        --cli-connect-timeout 0 list-response-plans --query 'length(responsePlanSummaries)')
    check_eq "--cli-read-timeout 0 waits for it" "$out" 5
else
    not_ok "the simulator starts with --delay 2"
fi
finish
