#!/usr/bin/env bash
# --plain: the same flow as line-by-line prompts (screen readers, TERM=dumb, pipes), with the same
# validation messages as the form; chosen by itself for TERM=dumb and for a stdin that is a pipe.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"

LOG="$T_TMP/sim.jsonl"
long=$(printf 'x%.0s' $(seq 1 201))

# Plan 2; impact 7 (refused), then 1; a title one character too long (refused), then a good one;
# one URL item; no trigger details; review; declare.
answers() {
    printf '%s\n' 2 7 1 "$long" "Plain: checkout errors ünïcode" a OTHER "Dash" 1 \
        "https://dash.example.com/x" "" n y
}
out=$(answers | "$KLAXON" --plain training --sim-log "$LOG" 2>&1)
rc=$?
check_eq "plain declare: exit status 0" "$rc" "0"
check_contains "plans are listed" "$out" "2) Database degraded (database-degraded)"
check_contains "what the plan sets in motion is shown" "$out" "Runbook: Klaxon-DatabaseFailoverCheck"
check_contains "impact 7 is refused with the table's words" "$out" "Impact: must be"
check_contains "the too-long title is refused with the table's words" "$out" \
    "Title: must be at most 200 characters (is 201)"
check_contains "the review shows the exact body" "$out" '"title": "Plain: checkout errors ünïcode"'
check_contains "the ARN is printed" "$out" "Declared. Incident ARN: arn:aws:ssm-incidents::"
check_contains "the record's status is shown" "$out" "Status: OPEN"
line=$(grep '"operation":"StartIncident"' "$LOG")
check_contains "the simulator received the title" "$line" "Plain: checkout errors ünïcode"
check_contains "the simulator received the item" "$line" "https://dash.example.com/x"
check_contains "the simulator received impact 1" "$line" '"impact":1'

# A PagerDuty item (its required ID asked again when left empty) and trigger details (the
# required source likewise; Detected at keeps the time filled in).
pd_answers() {
    printf '%s\n' 2 1 "Plain: pager" a INCIDENT "" 2 "" Q1PLAINPD "" n "" \
        y "" "cloudwatch-alarm" "" "" "" y
}
out=$(pd_answers | "$KLAXON" --plain training --sim-log "$LOG" 2>&1)
check_eq "plain PagerDuty item and trigger: exit status 0" "$?" "0"
check_contains "an empty PagerDuty ID is asked again" "$out" "PagerDuty incident ID: is required"
check_contains "an empty trigger source is asked again" "$out" "Trigger source: is required"
line=$(grep '"operation":"StartIncident"' "$LOG" | tail -n 1)
check_contains "the simulator received the PagerDuty incident" "$line" '"id":"Q1PLAINPD"'
check_contains "the simulator received the trigger source" "$line" '"source":"cloudwatch-alarm"'

# The same messages as the form: compare with the field table's check through start-incident's
# dry run (both use forms_check_value), when that command exists.
if "$KLAXON" start-incident --help >/dev/null 2>&1; then
    dry=$("$KLAXON" start-incident --dry-run --region us-east-1 \
        --response-plan-arn arn:aws:ssm-incidents::111122223333:response-plan/x \
        --title "$long" 2>&1)
    check_contains "start-incident --dry-run names the same rule" "$dry" "200 characters"
fi

# End of input mid-way: nothing declared, exit 1, the draft kept.
out=$(printf '%s\n' 4 2 "Half typed" | "$KLAXON" --plain training --sim-log "$LOG" 2>&1)
rc=$?
check_eq "end of input: exit status 1" "$rc" "1"
check_contains "it says the draft is kept" "$out" "the draft is kept"
check "the draft holds what was typed" grep -q "Half typed" "$XDG_STATE_HOME/klaxon/training-draft.json"

# The next run offers the draft back.
out=$(printf '%s\n' y "" "" "" "" "" n n | "$KLAXON" --plain training --sim-log "$LOG" 2>&1)
check_contains "the draft is offered back" "$out" "Resume the draft from"
check_contains "resumed: the title is the default" "$out" "[Half typed]"
rm -f "$XDG_STATE_HOME/klaxon/training-draft.json"

# TERM=dumb on a real terminal picks the plain prompts by itself; answers typed through tmux.
TUI_TERM=dumb tui_start 100 30 "$KLAXON" training --sim-log "$LOG"
tui_wait "Answer each question"
tui_wait "Response plan: number"
tui_keys 1 Enter
tui_wait "Impact (1-5)"
tui_keys Enter
tui_wait "Title (at most 200 characters)"
tui_type "From a dumb terminal"
tui_keys Enter
tui_wait "Related items"
tui_keys Enter
tui_wait "Add trigger details"
tui_keys Enter
tui_wait "Declare this incident now?"
tui_keys y Enter
tui_wait "Declared. Incident ARN"
check_eq "TERM=dumb: exit status 0" "$(tui_wait_exit)" "0"
check "the simulator received it" grep -q "From a dumb terminal" "$LOG"

# No credentials (against the standalone simulator, nothing in the environment): exit 3 with
# what was tried.
if start_sim; then
    out=$("$KLAXON" --plain --region us-east-1 --endpoint-url "$SIM_URL" </dev/null 2>&1)
    rc=$?
    check_eq "no credentials: exit status 3" "$rc" "3"
    check_contains "it says what to do" "$out" "How to fix it"
fi

tui_stop
finish
