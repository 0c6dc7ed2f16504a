#!/usr/bin/env bash
# Live validation: every keystroke re-checks the field with the field table, the reason shows
# under the field in words, and the submit key names what is wrong and jumps there.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"

LOG="$T_TMP/sim.jsonl"
tui_start 80 24 "$KLAXON" training --sim-log "$LOG"
tui_wait "Quit"

# Submitting with no plan says so and stays on the form.
tui_keys Tab Tab F10
tui_wait "Choose a response plan first"
check_contains "focus jumped to the plan" "$(tui_screen)" "> Response plan"

# A title over the service's limit: the count goes negative and the rule shows under the field.
tui_keys Enter
tui_wait "of 5 plans"
tui_keys Enter
tui_wait "Runbook"
tui_keys Tab C-u
tui_type "$(printf 'a%.0s' $(seq 1 199))"
tui_wait "1 left"
tui_type "bcd"
tui_wait "2 over"
tui_wait "^ must be at most 200 characters (is 202)"
tui_golden validation-title-too-long

# Moving away keeps the message; the submit key names the problem and jumps back to it.
tui_keys Tab Tab Tab
tui_wait "> "
tui_keys C-s
tui_wait "Not yet: Title: must be at most 200 characters (is 202)"
check_contains "focus is back on the title" "$(tui_screen)" "> Title"
tui_golden validation-submit-names-problem

# Fixing it clears the message at the next keystroke.
tui_keys BSpace BSpace
tui_wait_gone "must be at most"
check_contains "the count is live" "$(tui_screen)" "0 left"

# Trigger details: unfolding fills the timestamp with now; a bad timestamp and an "aws." source
# are named, two problems at once.
tui_keys Tab Tab Enter
tui_wait "Trigger source"
tui_keys Tab
tui_type "aws.monitoring"
tui_wait 'must not begin with "aws."'
tui_keys Tab C-u
tui_type "yesterday-ish"
tui_wait "Detected at"
tui_golden validation-trigger
tui_keys F10
tui_wait "2 problems; the first: Trigger source"
check_contains "focus jumped to the first problem" "$(tui_screen)" "> Trigger source"

# Fix both; the timestamp is shown in UTC and local time; review opens.
tui_keys C-u
tui_type "com.example.monitoring"
tui_keys Tab C-u
tui_type "2026-11-26T15:00:00+01:00"
tui_wait "= 2026-11-26 14:00:00 UTC"
tui_keys F10
tui_wait "The request body"
tui_keys End
tui_wait '"timestamp": 1795701600' # sent as epoch seconds
tui_keys Escape
tui_wait "Trigger source"

# Folding the trigger details away leaves them out of the request (and the problems with them).
tui_keys BTab BTab
tui_wait "> Trigger details"
tui_keys Enter
tui_wait "folded, not sent"
tui_keys F10
tui_wait "The request body"
check "folded trigger details are not sent" bash -c "! tmux -L $TUI_SOCK capture-pane -p | grep -q triggerDetails"

tui_leave d
check_eq "exit status 1" "$TUI_EXIT" "1"
check_eq "nothing was sent" "$(grep -c StartIncident "$LOG" || true)" "0"
tui_stop
finish
