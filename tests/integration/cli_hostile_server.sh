#!/usr/bin/env bash
# A hostile server against klaxon's command line: endless pages, oversized lists and headers,
# 200s that are no answer, escape sequences in every field a server chooses, and a plain 400
# that must not be retried (tests/tools/hostile_server.py plays the server).
source "$(dirname "$0")/lib.sh"
PLAN=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage
JOURNAL=$XDG_STATE_HOME/klaxon/journal.jsonl
HOSTILE=$(dirname "$0")/../tools/hostile_server.py
export AWS_ACCESS_KEY_ID=AKIDHOSTILE AWS_SECRET_ACCESS_KEY=hostile/secret AWS_REGION=us-east-1

# start_hostile MODE: sets HS_URL and HS_LOG (one JSON line per request).
start_hostile() {
    HS_LOG="$T_TMP/hs-$RANDOM.jsonl"
    local out="$T_TMP/hs-$RANDOM.out"
    python3 "$HOSTILE" --mode "$1" --log "$HS_LOG" >"$out" 2>&1 &
    T_PIDS+=("$!")
    HS_URL=$(listening_url "$out") && return 0
    echo "hostile server did not start:"; cat "$out"
    return 1
}
requests() { [ -f "$HS_LOG" ] && wc -l <"$HS_LOG" || echo 0; }
# raw_controls TEXT: the terminal-driving bytes in TEXT (ESC, BEL, C1 CSI, RLO), "none" if none.
raw_controls() {
    python3 -c 'import sys; t=sys.argv[1]
bad=[c for c in ("\x1b","\x07","\u009b","\u202e") if c in t]
print(" ".join(hex(ord(c)) for c in bad) or "none")' "$1"
}

# --- a loop the server controls: pages, items, tokens and headers are bounded -----------------
# MODE|what the server does|what klaxon says|requests it makes (empty: not counted)
while IFS='|' read -r -u 3 mode what says asked; do
    start_hostile "$mode" || exit 1
    out=$("$KLAXON" --endpoint-url "$HS_URL" list-response-plans 2>"$T_TMP/err" </dev/null)
    check_eq "$what: exit 5" "$?" 5
    check_eq "$what: no partial list on stdout" "$out" ""
    check_contains "$what: says \"$says\"" "$(cat "$T_TMP/err")" "$says"
    [ -z "$asked" ] || check_eq "$what: $asked requests, no more" "$(requests)" "$asked"
done 3<<'EOF'
endless-pages|a new nextToken on every page|more than 1000 pages|1000
huge-pages|500 plans a page, forever (stops at the page past 10000 items)|more than 10000 items|21
long-token|a 5000-character nextToken (never sent back)|nextToken is longer than 2000 characters|1
many-headers|5000 reply headers|headers than 64 KiB|
EOF

# --- a reply that is 200 but not an answer ----------------------------------------------------
for mode in arn-number arn-missing arn-not-arn arn-escape not-json; do
    rm -f "$JOURNAL"
    start_hostile "$mode" || exit 1
    out=$("$KLAXON" --endpoint-url "$HS_URL" start-incident --response-plan-arn "$PLAN" \
        --client-token "tok-$mode" 2>&1)
    check_eq "$mode: an unknown outcome, exit 5" "$?" 5
    check_contains "$mode: names the resend" "$out" "klaxon history --resend tok-$mode"
    check_eq "$mode: journaled unanswered, without an ARN" "$(python3 -c 'import json,sys
r=[json.loads(l) for l in open(sys.argv[1]) if "\"result\"" in l][-1]
print(r["outcome"], r.get("incident_arn"))' "$JOURNAL")" "unanswered None"
    hist=$("$KLAXON" history)
    check_contains "$mode: history offers the resend" "$hist" "resend: klaxon history --resend tok-$mode"
    [[ $hist == *req-0001* || $hist == *12345* ]] && not_ok "$mode: history shows a non-ARN" "$hist" \
        || ok "$mode: history shows no non-ARN"
done
start_hostile plans-not-list || exit 1
out=$("$KLAXON" --endpoint-url "$HS_URL" list-response-plans 2>&1)
check_eq "responsePlanSummaries not a list: exit 5" "$?" 5
check_contains "says which member" "$out" "responsePlanSummaries is missing or not a list"
start_hostile no-incident-record || exit 1
out=$("$KLAXON" --endpoint-url "$HS_URL" get-incident-record --arn "${PLAN/response-plan/incident-record}/0" 2>&1)
check_eq "GetIncidentRecord 200 {}: exit 5" "$?" 5
check_contains "says incidentRecord is missing" "$out" "incidentRecord is missing or not an object"
start_hostile not-json || exit 1
out=$("$KLAXON" --endpoint-url "$HS_URL" get-response-plan --arn "$PLAN" 2>&1)
check_eq "GetResponsePlan 200 HTML: exit 5" "$?" 5
check_contains "says it is not JSON" "$out" "not a JSON object"

# --- bytes from outside drawn on the terminal -------------------------------------------------
start_hostile escape-error || exit 1
out=$("$KLAXON" --endpoint-url "$HS_URL" start-incident --response-plan-arn "$PLAN" --client-token tok-esc 2>&1)
check_eq "an error with escape sequences: exit 4" "$?" 4
check_eq "stderr carries no raw control" "$(raw_controls "$out")" none
check_contains "the message is shown escaped" "$out" 'denied \x1b]0;pwned\x07\x1b[2J\x9b31m\u202egnp.exe'
check_contains "the error type is shown escaped" "$out" 'Evil\x1b[2JException'
out=$("$KLAXON" --debug --endpoint-url "$HS_URL" list-response-plans 2>&1)
check_eq "--debug log carries no raw control" "$(raw_controls "$out")" none
hist=$("$KLAXON" history)
check_contains "history lists the refusal" "$hist" "refused"
check_eq "history carries no raw control" "$(raw_controls "$hist")" none
# A journal written by anyone: title, ARN and error with escapes are escaped when listed.
python3 -c 'import json,sys
e="\x1b]0;pwned\x07\u202e"
b={"responsePlanArn":sys.argv[2],"clientToken":"tok-j","title":"t"+e}
with open(sys.argv[1],"a") as f:
    f.write(json.dumps({"event":"submit","time":1,"token":"tok-j","endpoint":"x","digest":"d","body":b})+"\n")
    f.write(json.dumps({"event":"result","time":2,"token":"tok-j","outcome":"declared","attempts":1,"incident_arn":"arn:aws:x::111122223333:y"+e})+"\n")
    b=dict(b,clientToken="tok-k")
    f.write(json.dumps({"event":"submit","time":1,"token":"tok-k","endpoint":"x","digest":"d","body":b})+"\n")
    f.write(json.dumps({"event":"result","time":2,"token":"tok-k","outcome":"refused","attempts":1,"error":"E: "+e})+"\n")
' "$JOURNAL" "$PLAN"
hist=$("$KLAXON" history)
check_eq "a hostile journal lists with no raw control" "$(raw_controls "$hist")" none
check_contains "an escaped ARN is not shown as declared" "$hist" "resend: klaxon history --resend tok-j"
out=$("$KLAXON" --endpoint-url "$HS_URL" history --resend tok-j 2>&1)
check_eq "resending the hostile entry: no raw control" "$(raw_controls "$out")" none
start_hostile arn-escape || exit 1
out=$("$KLAXON" --endpoint-url "$HS_URL" get-incident-record --arn "${PLAN/response-plan/incident-record}/0")
check_eq "JSON output escapes DEL, C1 and bidi too" "$(raw_controls "$out")" none
check "and is the same JSON" python3 -c 'import json,sys
assert json.loads(sys.argv[1])["incidentRecord"]["title"].endswith("\u202egnp.exe")' "$out"

# --- a plain 400 is attempted once, whatever AWS_MAX_ATTEMPTS says ----------------------------
start_hostile validation || exit 1
out=$(AWS_MAX_ATTEMPTS=5 "$KLAXON" --endpoint-url "$HS_URL" start-incident --response-plan-arn "$PLAN" 2>&1)
check_eq "400 ValidationException: exit 4" "$?" 4
check_eq "400 ValidationException: one attempt" "$(requests)" 1
AWS_MAX_ATTEMPTS=5 "$KLAXON" --endpoint-url "$HS_URL" list-response-plans >/dev/null 2>&1
check_eq "a read call's 400: one attempt too" "$(requests)" 2
# --- the form's twin, --plain: plan names, the plan's facts, the ARN and the record from the
# server are printed escaped, and so is what the full screen prints once it has closed -----------
start_hostile evil-names || exit 1
out=$(printf '%s\n' 1 3 "" "" n y | "$KLAXON" --plain --endpoint-url "$HS_URL" 2>&1)
check_eq "--plain declares against evil names: exit 0" "$?" 0
check_eq "--plain prints no raw terminal controls" "$(raw_controls "$out")" none
check_contains "--plain shows the escaped plan name" "$out" 'Plan \x1b]0;pwned'
check_contains "--plain shows the escaped ARN" "$out" 'Declared. Incident ARN: arn:aws:ssm-incidents'

finish
