#!/usr/bin/env bash
# The whole declaration through a real terminal: `klaxon training` at 80x24, plan picker, impact,
# a wide-character title, a related item, review, declare, result; the simulator's log proves the
# incident arrived with exactly what the screen showed.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"

LOG="$T_TMP/sim.jsonl"
tui_start 80 24 "$KLAXON" training --sim-log "$LOG"
tui_wait "Quit" && tui_golden training-start

# The plan picker: every plan, filtered as we type.
tui_keys Enter
tui_wait "Choose a response plan" && tui_wait "of 5 plans" && tui_golden training-picker
tui_pick_plan "datab"
tui_wait "Runbook" # GetResponsePlan arrived: what the plan sets in motion
tui_wait "[2 High]"
tui_golden training-plan-chosen

# Impact with one key; the title with CJK and an emoji.
tui_keys 1
tui_wait "[1 Critical]"
tui_keys Tab C-u
tui_type "DB 主库延迟 🔥 eu-west-1"
tui_wait "eu-west-1"
tui_golden training-title

# A related item with a bad value first (validation), then a good one.
tui_keys Tab Enter
tui_wait "New related item"
tui_keys Tab
tui_type "Error dashboard"
tui_keys Tab Right # kind: URL -> ARN
tui_keys Tab
tui_type "not-an-arn"
tui_wait "must match"
tui_golden training-item-invalid
tui_keys C-u
tui_type "arn:aws:cloudwatch:eu-west-1:111122223333:dashboard/db"
tui_wait_gone "must match"
tui_keys F10
tui_wait "1 of 100"
tui_golden training-item-added

# Review shows the exact body; Enter declares.
tui_keys F10
tui_wait "The request body"
tui_golden training-review
tui_keys Enter
tui_wait "Incident declared"
tui_wait "OPEN"
tui_golden training-result

# Copy the ARN with OSC 52: tmux (set-clipboard on) keeps it as a paste buffer.
tui_tmux set-option -g set-clipboard on
tui_keys c
tui_wait "Copied"
buf=$(tui_tmux show-buffer 2>/dev/null || true)
check_contains "OSC 52 carried the ARN" "$buf" "arn:aws:ssm-incidents::111122223333:incident-record/"

tui_keys q
rc=$(tui_wait_exit)
check_eq "exit status 0 (declared)" "$rc" "0"
out=$(tui_screen)
check_contains "the ARN is printed after exit" "$out" "Declared arn:aws:ssm-incidents"
check_contains "training lists what was declared" "$out" "Training session: 1 incident declared"

# The simulator's log: one StartIncident, with the title and item as typed.
starts=$(grep -c '"operation":"StartIncident"' "$LOG")
check_eq "exactly one StartIncident reached the simulator" "$starts" "1"
line=$(grep '"operation":"StartIncident"' "$LOG")
check_contains "the title arrived intact" "$line" "DB 主库延迟 🔥 eu-west-1"
check_contains "the related item arrived" "$line" "arn:aws:cloudwatch:eu-west-1:111122223333:dashboard/db"
check_contains "the signature was valid" "$line" '"signature":"valid"'
check_contains "it was accepted" "$line" '"status":200'
check "training journals to its own journal" grep -q "DB 主库延迟" "$XDG_STATE_HOME/klaxon/training-journal.jsonl"
check "training stays out of the real journal" test ! -e "$XDG_STATE_HOME/klaxon/journal.jsonl"
check "the draft is gone after declaring" test ! -e "$XDG_STATE_HOME/klaxon/training-draft.json"
check "the plan is remembered as recently used" \
    grep -q "response-plan/database-degraded" "$XDG_STATE_HOME/klaxon/training-recent-plans"
mode=$(stat -c %a "$XDG_STATE_HOME/klaxon/training-recent-plans")
check_eq "recent-plans is 0600" "$mode" "600"

# The next session lists the plan just used first, marked recent.
tui_start 80 24 "$KLAXON" training --sim-log "$LOG"
tui_wait "Quit"
tui_keys Enter
tui_wait "of 5 plans"
first=$(tui_screen | grep -m1 -E '^ │>')
check_contains "the recently used plan comes first, marked *" "$first" "* Database degraded"
tui_keys Escape C-c
check_eq "nothing typed: Ctrl-C leaves without asking" "$(tui_wait_exit)" "1"

tui_stop
finish
