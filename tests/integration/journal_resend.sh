#!/usr/bin/env bash
# The journal: an unanswered or interrupted declaration is listed and can be resent with the same
# clientToken, and the simulator's log proves exactly one incident exists afterwards.
source "$(dirname "$0")/lib.sh"
PLAN=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage
JOURNAL=$XDG_STATE_HOME/klaxon/journal.jsonl
use_sim_keys

# count LOG: "<StartIncident attempts> <distinct tokens> <incidents created>"
count() {
    python3 -c 'import json,sys
a=[j for j in map(json.loads,open(sys.argv[1])) if j.get("operation")=="StartIncident"]
print(len(a), len({j.get("client_token") for j in a}), sum(1 for j in a if j.get("incident_created")))' "$1"
}

# --- retries exhausted: exit 5, journaled as unanswered, resend declares it once ---------------
start_sim --drop 3 || exit 1
out=$("$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" --title "Queue stuck" 2>&1)
check_eq "three dropped connections: exit 5" "$?" 5
token=$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1])][0]["token"])' "$JOURNAL")
check_token "the journal holds a clientToken" "$token"
check_contains "the error names the resend command" "$out" "klaxon history --resend $token"
check_eq "journal is mode 0600" "$(stat -c %a "$JOURNAL")" 600
check_eq "journal directory is mode 0700" "$(stat -c %a "$(dirname "$JOURNAL")")" 700
hist=$("$KLAXON" history)
check_contains "history lists it as unanswered" "$hist" "UNANSWERED"
check_contains "history offers the resend" "$hist" "--resend $token"
out=$("$KLAXON" --endpoint-url "$SIM_URL" history --resend "$token")
check_eq "resend succeeds" "$?" 0
check_contains "resend prints the ARN" "$out" "incidentRecordArn"
check_eq "4 attempts, 1 token, 1 incident" "$(count "$SIM_LOG")" "4 1 1"
check_contains "history shows it declared" "$("$KLAXON" history)" "declared"
out=$("$KLAXON" --endpoint-url "$SIM_URL" history --resend "$token" 2>&1)
check_contains "a second resend sends nothing" "$out" "nothing resent"
check_eq "still 4 attempts and 1 incident" "$(count "$SIM_LOG")" "4 1 1"

out=$("$KLAXON" --endpoint-url "http://127.0.0.1:9" history --resend "$token" 2>&1)
check_eq "declared entries are not resent anywhere" "$?" 0

# --- killed mid-submit (SIGKILL): interrupted, resent, one incident -----------------------------
rm -f "$JOURNAL"
start_sim --delay 2 || exit 1
"$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" --title "Killed" >/dev/null 2>&1 &
pid=$!
port=${SIM_URL##*:}
# Kill it only once its request is on the wire: a connection to the simulator is established
# and the submit record is in the journal.
for _ in $(seq 200); do
    [ -s "$JOURNAL" ] && [ -n "$(ss -Htn state established "( dport = :$port )")" ] && break
    sleep 0.05
done
sleep 0.2 # the body follows the connection within microseconds; the simulator holds it 2 s
kill -KILL "$pid"; wait "$pid" 2>/dev/null
token=$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1])][0]["token"])' "$JOURNAL")
check_contains "history shows the interrupted declaration" "$("$KLAXON" history)" "INTERRUPTED"
out=$("$KLAXON" --endpoint-url "$SIM_URL" history --resend "$token" 2>&1)
check_eq "resend after SIGKILL succeeds" "$?" 0
check_eq "2 attempts, 1 token, 1 incident" "$(count "$SIM_LOG")" "2 1 1"

# --- a resend to another endpoint is refused: the token would mean nothing there ---------------
rm -f "$JOURNAL"
start_sim --drop 3 || exit 1
first=$SIM_URL
"$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" >/dev/null 2>&1
token=$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1])][0]["token"])' "$JOURNAL")
start_sim || exit 1
out=$("$KLAXON" --endpoint-url "$SIM_URL" history --resend "$token" 2>&1)
check_eq "resend to another endpoint: exit 2" "$?" 2
check_contains "names the original endpoint" "$out" "$first"

# --- a damaged journal is read around, never a crash --------------------------------------------
printf '{"event":"submit",\n\x00\xff garbage\n' >>"$JOURNAL"
out=$("$KLAXON" history 2>&1)
check_eq "damaged journal: history still works" "$?" 0
check_contains "damaged lines reported" "$out" "damaged line"
finish
