#!/usr/bin/env bash
# klaxon-sim under valgrind through a short AWS CLI session (every operation, an idempotent
# replay, a conflict, a throttled retry, a refused key, bad input), then SIGTERM: no memory
# errors, no leaks, exit 0. Skipped for sanitizer builds, which valgrind cannot run.
source "$(dirname "$0")/lib.sh"
PLANS=arn:aws:ssm-incidents::111122223333:response-plan
export AWS_PAGER="" AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=3

if ldd "$KLAXON_SIM" 2>/dev/null | grep -q libasan; then
    skip "memcheck of klaxon-sim" "$KLAXON_SIM is an ASan build, which valgrind cannot run"
    finish
    exit
fi
if ! command -v valgrind >/dev/null || [ ! -x "$AWS" ]; then
    not_ok "valgrind and the AWS CLI are installed"
    finish
    exit
fi

SIM_LOG="$T_TMP/sim.jsonl"
out="$T_TMP/sim.out"
valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --log-file="$T_TMP/vg.log" \
    "$KLAXON_SIM" --port 0 --throttle 1 --log "$SIM_LOG" >"$out" 2>&1 &
SIM_PID=$!
T_PIDS+=("$SIM_PID")
SIM_URL=
for _ in $(seq 1 600); do # valgrind starts slowly: wait for the URL line, up to a minute
    SIM_URL=$(sed -n 's/^listening on //p' "$out" | head -n 1)
    [ -n "$SIM_URL" ] && break
    kill -0 "$SIM_PID" 2>/dev/null || break
    sleep 0.1
done
check_contains "starts under valgrind" "$SIM_URL" "http://127.0.0.1:"

use_sim_keys
aws_sim() { "$AWS" --endpoint-url "$SIM_URL" ssm-incidents "$@"; }
aws_sim list-response-plans --page-size 2 >/dev/null
check_eq "list-response-plans" "$?" 0
aws_sim get-response-plan --arn "$PLANS/database-degraded" >/dev/null
check_eq "get-response-plan" "$?" 0
arn=$(aws_sim start-incident --response-plan-arn "$PLANS/database-degraded" --title "Replica lag" \
    --client-token vg-1 --related-items '[{"title": "dash", "identifier": {"type": "OTHER",
    "value": {"url": "https://example.com"}}}]' --query incidentRecordArn --output text)
check_eq "start-incident, after one throttle" "$?" 0
again=$(aws_sim start-incident --response-plan-arn "$PLANS/database-degraded" --title "Replica lag" \
    --client-token vg-1 --related-items '[{"title": "dash", "identifier": {"type": "OTHER",
    "value": {"url": "https://example.com"}}}]' --query incidentRecordArn --output text)
check_eq "idempotent replay" "$again" "$arn"
aws_sim start-incident --response-plan-arn "$PLANS/database-degraded" --title "Other" \
    --client-token vg-1 >/dev/null 2>&1
check_eq "conflict" "$?" 254
aws_sim get-incident-record --arn "$arn" >/dev/null
check_eq "get-incident-record" "$?" 0
aws_sim list-incident-records >/dev/null
check_eq "list-incident-records" "$?" 0
AWS_SECRET_ACCESS_KEY=wrong aws_sim list-response-plans >/dev/null 2>&1
check_eq "wrong secret refused" "$?" 254
aws_sim start-incident --response-plan-arn "$PLANS/database-degraded" --impact 8 >/dev/null 2>&1
check_eq "invalid input refused" "$?" 254
curl -s -o /dev/null -X POST -d '{"broken' "$SIM_URL/startIncident"
curl -s -o /dev/null -X POST --data-binary @/dev/null -H 'Content-Length: 5000000' \
    "$SIM_URL/startIncident"

kill -TERM "$SIM_PID"
wait "$SIM_PID"
check_eq "clean exit under valgrind (99 = errors or leaks)" "$?" 0
check_eq "the log holds every request" "$(jq -s length "$SIM_LOG")" 14
if [ -s "$T_TMP/vg.log" ]; then
    not_ok "valgrind reported nothing" "$(head -c 3000 "$T_TMP/vg.log")"
else
    ok "valgrind reported nothing"
fi
finish
