#!/usr/bin/env bash
# What must hold before a declaration goes out: a clientToken that can protect it, a journal that
# can hold it; and after: an outcome the journal cannot hold is said loudly, with the ARN. Retries
# only for throttling, up to AWS_MAX_ATTEMPTS, one clientToken, each backoff within its bound.
source "$(dirname "$0")/lib.sh"
PLAN=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage
STATE=$XDG_STATE_HOME/klaxon
JOURNAL=$STATE/journal.jsonl
use_sim_keys
starts() { # StartIncident attempts in the simulator's log
    python3 -c 'import json,sys
print(sum(1 for l in open(sys.argv[1]) if json.loads(l).get("operation")=="StartIncident"))' "$SIM_LOG"
}
start_sim || exit 1
declare_() { "$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" "$@"; }

# --- a token that is not a token: refused before anything is sent or journaled ----------------
n=0
for tok in '""' '"   "' '"\t"' 'null' '7' '"a b"' '" lead"' '"esc\u001b[2J"' '"caf\u00e9"'; do
    n=$((n + 1))
    out=$(declare_ --cli-input-json "{\"responsePlanArn\": \"$PLAN\", \"clientToken\": $tok}" 2>&1)
    rc=$?
    if [ "$rc" -eq 2 ] && [[ $out == *"clientToken: "* ]] && [[ $out != *"--resend "[a-z]* ]]; then
        ok "--cli-input-json clientToken $tok: exit 2, named"
    else
        not_ok "--cli-input-json clientToken $tok: exit 2, named" "rc $rc" "$out"
    fi
done
out=$(declare_ --client-token "" 2>&1)
check_eq "--client-token \"\": exit 2" "$?" 2
check_contains "names clientToken and the rule" "$out" "clientToken: is empty, but must be 1 to 128 printable ASCII characters"
out=$(declare_ --client-token "" --dry-run 2>&1)
check_eq "--dry-run refuses it too" "$?" 2
check_eq "nothing sent for any of them" "$(starts)" 0
check "nothing journaled for any of them" test ! -s "$JOURNAL"
out=$("$KLAXON" --endpoint-url "$SIM_URL" history --resend "" 2>&1)
check_eq "history --resend \"\": exit 2" "$?" 2
check_contains "history --resend names the rule" "$out" "clientToken is empty"
# A journal line with an empty token (an older klaxon wrote them) is never offered for resend.
mkdir -p "$STATE"
printf '{"event":"submit","time":1,"token":"","endpoint":"%s","digest":"d","body":{"responsePlanArn":"%s","clientToken":""}}\n' \
    "$SIM_URL" "$PLAN" >"$JOURNAL"
hist=$("$KLAXON" history)
check_contains "an empty-token entry: cannot be resent" "$hist" "cannot be resent"
[[ $hist == *"--resend "* ]] && not_ok "no resend command with an empty token" "$hist" \
    || ok "no resend command with an empty token"
# The one door every declaration takes refuses it too: an entry whose body carries a blank token.
printf '{"event":"submit","time":1,"token":"tok-b","endpoint":"%s","digest":"d","body":{"responsePlanArn":"%s","clientToken":" "}}\n' \
    "$SIM_URL" "$PLAN" >"$JOURNAL"
out=$("$KLAXON" --endpoint-url "$SIM_URL" history --resend tok-b 2>&1)
check_eq "a resend whose body has a blank token: exit 2" "$?" 2
check_contains "names clientToken" "$out" "clientToken: is blank"
check_eq "and sends nothing" "$(starts)" 0
rm -f "$JOURNAL"

# --- a declaration the journal cannot hold: not sent, exit 2, the file and the fix named --------
refused_unjournaled() { # NAME: the last run was refused before sending
    local name=$1
    check_eq "$name: exit 2" "$rc" 2
    check_contains "$name: says not sent" "$out" "not sent: the journal cannot record this declaration"
    check_contains "$name: names the file" "$out" "$JOURNAL"
    check_contains "$name: says what to do" "$out" "XDG_STATE_HOME"
    [[ $out == *"history --resend"* ]] && not_ok "$name: no resend command" "$out" \
        || ok "$name: no resend command"
    check_eq "$name: nothing sent" "$(starts)" 0
}
rm -rf "$STATE"; mkdir -p "$(dirname "$STATE")"; : >"$STATE" # the state directory is a file
out=$(declare_ 2>&1); rc=$?
refused_unjournaled "state directory unusable"
rm -f "$STATE"; mkdir -p "$STATE"
ln -s "$T_TMP/elsewhere" "$JOURNAL"
out=$(declare_ 2>&1); rc=$?
refused_unjournaled "journal a symlink"
check_contains "journal a symlink: says so" "$out" "symbolic link"
check "journal a symlink: its target is untouched" test ! -e "$T_TMP/elsewhere"
rm -f "$JOURNAL"; mkfifo "$JOURNAL"
out=$(timeout 20 "$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" 2>&1); rc=$?
refused_unjournaled "journal a FIFO (no hang)"
rm -f "$JOURNAL"; mkdir "$JOURNAL"
out=$(declare_ 2>&1); rc=$?
refused_unjournaled "journal a directory"
rmdir "$JOURNAL"
if [ "$(id -u)" -ne 0 ]; then # root writes through any mode: the cases above stand in for it
    chmod 500 "$STATE"
    out=$(declare_ 2>&1); rc=$?
    refused_unjournaled "state directory read-only"
    chmod 700 "$STATE"
fi
# A full disk: the file size limit (1 KiB) stops the append part-way, as ENOSPC would.
python3 -c 'import sys; open(sys.argv[1],"w").write("x"*999+"\n")' "$JOURNAL"
out=$( (trap '' XFSZ; ulimit -f 1; exec "$KLAXON" --endpoint-url "$SIM_URL" start-incident \
    --response-plan-arn "$PLAN") 2>&1); rc=$?
refused_unjournaled "disk full"
check_eq "disk full: the torn line is cut off" "$(wc -c <"$JOURNAL")" 1000
# history --resend goes through the same door.
printf '{"event":"submit","time":1,"token":"tok-r","endpoint":"%s","digest":"d","body":{"responsePlanArn":"%s","clientToken":"tok-r"}}\n' \
    "$SIM_URL" "$PLAN" >"$T_TMP/real.jsonl"
rm -f "$JOURNAL"; ln -s "$T_TMP/real.jsonl" "$JOURNAL"
out=$("$KLAXON" --endpoint-url "$SIM_URL" history --resend tok-r 2>&1); rc=$?
refused_unjournaled "resend, journal a symlink"
rm -f "$JOURNAL"

# --- the outcome cannot be journaled after the incident exists: the ARN, and a loud warning ----
start_sim --delay 3 || exit 1
"$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" --client-token tok-late \
    >"$T_TMP/late.out" 2>"$T_TMP/late.err" &
pid=$!
for _ in $(seq 1 200); do grep -q tok-late "$JOURNAL" 2>/dev/null && break; sleep 0.05; done
mv "$JOURNAL" "$T_TMP/moved.jsonl" && ln -s "$T_TMP/moved.jsonl" "$JOURNAL" # while it waits
wait "$pid"
check_eq "declared, outcome unjournaled: exit 0" "$?" 0
arn=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["incidentRecordArn"])' "$T_TMP/late.out")
check_contains "the ARN is printed" "$arn" "arn:aws:ssm-incidents::"
err=$(cat "$T_TMP/late.err")
check_contains "a loud warning" "$err" "WARNING: the journal lacks the outcome of clientToken tok-late"
check_contains "the warning names the incident" "$err" "$arn"
rm -f "$JOURNAL"

# --- retries: a plain 400 once; throttling up to AWS_MAX_ATTEMPTS, one token, bounded backoff ---
start_sim --deny || exit 1
AWS_MAX_ATTEMPTS=5 declare_ >/dev/null 2>&1
check_eq "403 AccessDenied: one attempt" "$(starts)" 1
start_sim --throttle 10 || exit 1
out=$(AWS_MAX_ATTEMPTS=4 "$KLAXON" --debug --endpoint-url "$SIM_URL" start-incident \
    --response-plan-arn "$PLAN" 2>&1)
check_eq "throttled on every attempt: exit 5" "$?" 5
check_eq "exactly AWS_MAX_ATTEMPTS attempts" "$(starts)" 4
check_eq "one clientToken for all of them" "$(python3 -c 'import json,sys
print(len({json.loads(l).get("client_token") for l in open(sys.argv[1]) if "StartIncident" in l}))' "$SIM_LOG")" 1
check "each backoff within random(0,1) x min(2^(n-1), 20) s" python3 -c '
import re,sys
d=[(int(a),float(x),float(b)) for a,x,b in re.findall(r"attempt (\d+) of 4 failed; backoff ([0-9.]+) s \(bound ([0-9.]+) s\)", sys.argv[1])]
assert [a for a,_,_ in d]==[1,2,3], d
assert all(b==min(2**(a-1),20) and 0<=x<=b for a,x,b in d), d' "$out"
finish
