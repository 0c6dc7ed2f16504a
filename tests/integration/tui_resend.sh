#!/usr/bin/env bash
# The form's start offers every journaled declaration that got no answer at this endpoint:
# resend (same clientToken, so exactly one incident), later (offered again), or handled (never
# offered again, `klaxon history` says dismissed). Ctrl-C at the draft offer keeps the draft.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"

PLAN=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage
JOURNAL=$XDG_STATE_HOME/klaxon/journal.jsonl
DRAFT=$XDG_STATE_HOME/klaxon/draft.json
with_keys="AWS_ACCESS_KEY_ID=$SIM_AKID AWS_SECRET_ACCESS_KEY=$SIM_SECRET AWS_REGION=us-east-1"

# per_token TOKEN: "<StartIncident attempts with TOKEN> <incidents created with TOKEN>"
per_token() {
    python3 -c 'import json,sys
a=[j for j in map(json.loads,open(sys.argv[1])) if j.get("operation")=="StartIncident" and j.get("client_token")==sys.argv[2]]
print(len(a), sum(1 for j in a if j.get("incident_created")))' "$SIM_LOG" "$1"
}
token_of() { # TITLE: the clientToken journaled for it
    python3 -c 'import json,sys
print(next(r["token"] for r in map(json.loads,open(sys.argv[1])) if r.get("event")=="submit" and r["body"].get("title")==sys.argv[2]))' "$JOURNAL" "$1"
}

# --- Two declarations that got no answer (every connection dropped), one to another endpoint.
start_sim --drop 6 || exit 1
for title in "Lost in transit" "Also lost"; do
    env $with_keys AWS_MAX_ATTEMPTS=3 "$KLAXON" --endpoint-url "$SIM_URL" start-incident \
        --response-plan-arn "$PLAN" --title "$title" >/dev/null 2>&1
    check_eq "'$title' got no answer: exit 5" "$?" 5
done
env $with_keys AWS_MAX_ATTEMPTS=1 "$KLAXON" --endpoint-url "http://127.0.0.1:9" start-incident \
    --response-plan-arn "$PLAN" --title "Elsewhere" >/dev/null 2>&1
check_eq "a third to a closed port: exit 5" "$?" 5
first=$(token_of "Lost in transit") second=$(token_of "Also lost")
# One more to this endpoint whose clientToken cannot protect a resend (a hand-edited journal):
# neither front end offers it.
python3 -c 'import json,sys
r=next(r for r in map(json.loads,open(sys.argv[1])) if r.get("event")=="submit")
r["token"]=r["body"]["clientToken"]="not protected"; r["body"]["title"]="Unprotected"
open(sys.argv[1],"a").write(json.dumps(r)+"\n")' "$JOURNAL"
check_eq "no incident exists for the first yet" "$(per_token "$first")" "3 0"
out=$(env $with_keys "$KLAXON" --endpoint-url "$SIM_URL" --plain </dev/null 2>&1)
check_contains "--plain names each with its resend command" "$out" "klaxon history --resend $first"
check_contains "--plain names the second too" "$out" "klaxon history --resend $second"
check_eq "--plain leaves out the unprotected one" "$(grep -c Unprotected <<<"$out")" 0
check_eq "--plain sent nothing" "$(per_token "$first")" "3 0"

# --- The form offers them one by one; later, then resend.
TUI_ENV="$with_keys" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
tui_wait "A declaration got no answer (1 of 2)" || { finish; exit; }
tui_wait "Handled (don't ask again)" # the key line: the frame is whole
screen=$(tui_screen)
check_contains "the offer names the title" "$screen" "Lost in transit"
check_contains "the offer shows the clientToken" "$screen" "$first"
check_contains "the offer says the other endpoint's is not offered here" "$screen" \
    "1 more went to other endpoints"
check_contains "the key line offers a resend" "$screen" "Resend (same clientToken)"
tui_keys l
tui_wait "A declaration got no answer (2 of 2)"
tui_wait "Handled (don't ask again)"
check_contains "the second is offered next" "$(tui_screen)" "Also lost"
tui_keys r
tui_wait "Declared:" 20
check_eq "the resend declared it once, with its first clientToken" "$(per_token "$second")" "4 1"
check_eq "nothing was sent for the one kept for later" "$(per_token "$first")" "3 0"
tui_keys Enter
tui_wait "Quit"
tui_wait "Response plan"
tui_keys C-c
check_eq "leaving with nothing typed: exit 1" "$(tui_wait_exit)" "1"
check_contains "the resent ARN is printed after exit" "$(tui_screen)" "Resent 'Also lost': arn:aws:ssm-incidents::"
hist=$("$KLAXON" history)
check_contains "history: the resent one is declared" "$(grep "Also lost" <<<"$hist")" "declared"
check_contains "history: the later one is still unanswered" "$(grep "Lost in transit" <<<"$hist")" "UNANSWERED"

# --- Next start: only the one kept for later; marked handled, it is never offered again.
TUI_ENV="$with_keys" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
tui_wait "A declaration got no answer (1 of 1)" || { finish; exit; }
tui_wait "Handled (don't ask again)"
check_contains "the one kept for later is offered again" "$(tui_screen)" "Lost in transit"
tui_keys h
tui_wait "Quit"
tui_keys C-c
tui_wait_exit >/dev/null
check_contains "history: dismissed" "$(grep "Lost in transit" <<<"$("$KLAXON" history)")" "dismissed"
check_eq "a dismissed one was never sent again" "$(per_token "$first")" "3 0"
TUI_ENV="$with_keys" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
tui_wait "Quit"
screen=$(tui_screen)
check_contains "the other endpoint's is still mentioned" "$screen" "1 declaration to other endpoints got no answer"
if grep -q "A declaration got no answer" <<<"$screen"; then
    not_ok "nothing is offered once handled"
else
    ok "nothing is offered once handled"
fi
tui_keys C-c
tui_wait_exit >/dev/null

# --- Ctrl-C at the draft offer leaves without touching the draft.
TUI_ENV="$with_keys" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
tui_wait "Quit"
tui_keys Tab Tab
tui_wait "> Title"
tui_type "Kept across a Ctrl-C"
tui_leave k
check "a draft was saved" grep -q "Kept across a Ctrl-C" "$DRAFT"
TUI_ENV="$with_keys" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
tui_wait "Resume the draft"
tui_keys C-c
check_eq "Ctrl-C at the offer: exit 1" "$(tui_wait_exit)" "1"
check "the draft is still there" grep -q "Kept across a Ctrl-C" "$DRAFT"

tui_stop
finish
