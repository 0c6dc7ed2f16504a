#!/usr/bin/env bash
# The global options come from one table (cli/options.c): --help lists each, the parser takes
# each anywhere on the line, "help" after a command prints that command's help, and the values
# of --color and the timeouts are checked before anything is sent.
source "$(dirname "$0")/lib.sh"
require_klaxon
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
finish
