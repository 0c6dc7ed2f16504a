#!/usr/bin/env bash
# The form's fault matrix beyond tui_retry's throttles, 500s and drops: replies slower than the
# timeout, and klaxon killed (SIGKILL) in the middle of a submit, then resumed -- from the draft,
# or, when the draft is dropped, from the journal. Each case ends with the simulator's log
# proving exactly one incident and one clientToken across every attempt.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"

DRAFT="$XDG_STATE_HOME/klaxon/draft.json"
JOURNAL="$XDG_STATE_HOME/klaxon/journal.jsonl"
PLAN=arn:aws:ssm-incidents::111122223333:response-plan/payments-latency
with_keys="AWS_ACCESS_KEY_ID=$SIM_AKID AWS_SECRET_ACCESS_KEY=$SIM_SECRET AWS_REGION=us-east-1"

# count: "<StartIncident attempts> <distinct clientTokens> <incidents created>"
count() {
    python3 -c 'import json,sys
a=[j for j in map(json.loads,open(sys.argv[1])) if j.get("operation")=="StartIncident"]
print(len(a), len({j.get("client_token") for j in a}), sum(1 for j in a if j.get("incident_created")))' "$SIM_LOG"
}

# The plan typed as an ARN (the list may be too slow to wait for), a title, then review.
fill_and_review() { # TITLE
    tui_wait "Quit" 30 || return
    tui_type "$PLAN"
    tui_wait "Use this ARN" 30 || return
    tui_keys Enter
    tui_keys Tab
    tui_wait "> Title" 30 || return
    tui_keys C-u
    tui_type "$1"
    tui_keys F10
    tui_wait "The request body" 30
}

resume_and_declare() {
    tui_wait "Resume the draft" 30 || return
    tui_wait "Start afresh" 30
    check_contains "the offer says it was sent" "$(tui_screen)" "sent once without an answer"
    tui_keys Enter
    tui_keys F10
    tui_wait "The request body" 30 || return
    tui_keys Enter
    tui_wait "Incident declared" 60
}

# Kill klaxon (not the pane's shell) once its StartIncident is on the wire: the journal has
# the submit record and the simulator (answering after --delay) has not answered yet.
kill_mid_submit() {
    local i pane pid
    for i in $(seq 1 600); do
        grep -q '"event":"submit"' "$JOURNAL" 2>/dev/null && break
        sleep 0.05
    done
    sleep 0.5
    pane=$(tui_tmux display -p '#{pane_pid}')
    pid=$(pgrep -P "$pane" | head -n 1)
    check "klaxon is still waiting for the answer" grep -q "Declaring the incident" <<<"$(tui_capture)"
    kill -KILL "$pid"
    tui_wait_exit 30 >/dev/null
}

# --- Every reply slower than the timeout: two attempts time out; resending later (with a
# longer timeout) declares it once, with the same clientToken.
start_sim --delay 2 || exit 1
TUI_ENV="$with_keys AWS_MAX_ATTEMPTS=2" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL" \
    --cli-read-timeout 1
fill_and_review "Slower than the timeout"
tui_keys Enter
tui_wait "Outcome unknown: it may have been declared" 60
check_contains "a timeout is not a refusal: the draft keeps the token" "$(tui_screen)" \
    "cannot declare the incident twice"
tui_keys q
check_eq "timed out: exit 5" "$(tui_wait_exit 30)" "5"
# Offered back against another endpoint, the draft says its clientToken does not protect it
# there; Ctrl-C leaves it untouched for the right endpoint.
first_url=$SIM_URL first_log=$SIM_LOG
start_sim || exit 1
TUI_ENV="$with_keys" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
tui_wait "Resume the draft" 30
tui_wait "Start afresh" 30
check_contains "another endpoint is named" "$(tui_screen)" "But it went to $first_url"
tui_keys C-c
tui_wait_exit 30 >/dev/null
check_eq "nothing reached the other endpoint" "$(grep -c StartIncident "$SIM_LOG")" "0"
SIM_URL=$first_url SIM_LOG=$first_log
TUI_ENV="$with_keys" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL" --cli-read-timeout 10
resume_and_declare
tui_keys q
check_eq "declared on resume: exit 0" "$(tui_wait_exit 30)" "0"
check_eq "3 attempts, 1 clientToken, 1 incident" "$(count)" "3 1 1"

# A fresh simulator that answers after 3 s, a declaration submitted to it, and klaxon killed
# while it waits; then klaxon started again.
killed_then_restarted() { # TITLE
    rm -f "$JOURNAL" "$DRAFT"
    start_sim --delay 3 || exit 1
    TUI_ENV="$with_keys" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
    fill_and_review "$1"
    tui_keys Enter
    kill_mid_submit
}

# --- SIGKILL mid-submit, resumed from the draft.
killed_then_restarted "Killed while sending"
check "the draft survived the kill, marked sent" grep -q '"sent": true' "$DRAFT"
TUI_ENV="$with_keys" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
resume_and_declare
tui_keys q
check_eq "declared after the kill: exit 0" "$(tui_wait_exit 30)" "0"
check_eq "2 attempts, 1 clientToken, 1 incident" "$(count)" "2 1 1"

# --- SIGKILL mid-submit, the draft dropped: the journal still offers the request.
killed_then_restarted "Killed, then the draft dropped"
TUI_ENV="$with_keys" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
tui_wait "Resume the draft" 30
tui_keys n
tui_wait "A declaration got no answer (1 of 1)" 30
tui_wait "Handled (don't ask again)" 30
check_contains "it is offered as interrupted" "$(tui_screen)" "interrupted"
tui_keys r
tui_wait "Declared:" 60
tui_keys Enter
tui_wait "Quit" 30
tui_keys C-c
check_eq "leaving afterwards: exit 1" "$(tui_wait_exit 30)" "1"
check_eq "2 attempts, 1 clientToken, 1 incident" "$(count)" "2 1 1"
check "history shows it declared" grep -q "declared" <<<"$("$KLAXON" history)"

tui_stop
finish
