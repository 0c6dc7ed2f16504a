#!/usr/bin/env bash
# The plan's default title is a selected default: typing on it replaces it (it is not appended
# to), moving first keeps it to edit, and Ctrl-R puts the plan's title back after a change.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"

LOG="$T_TMP/sim.jsonl"
tui_start 80 24 "$KLAXON" training --sim-log "$LOG"
tui_wait "Quit"
tui_keys Enter
tui_pick_plan "datab"
tui_wait "Primary database degraded" # the plan's title, prefilled

# Typing on the untouched default replaces it.
tui_keys Tab # the focus is on Impact once a plan is chosen
tui_wait "> Title"
tui_type "Orders DB failover"
tui_wait "Orders DB failover"
check "typing replaced the plan's title" bash -c "! tmux -L $TUI_SOCK capture-pane -p | grep -q 'degradedOrders'"
check_contains "the key line offers the plan's title back" "$(tui_screen | tail -n 1)" "^R Plan's title"

# Ctrl-R puts it back; moving first (End) keeps it, and typing then adds to it.
tui_keys C-r
tui_wait "Primary database degraded"
check "the typed title is gone" bash -c "! tmux -L $TUI_SOCK capture-pane -p | grep -q 'Orders DB failover'"
tui_keys End
tui_type " (eu-west-1)"
tui_wait "Primary database degraded (eu-west-1)"

# Backspace on the untouched default clears it, as on a selection.
tui_keys C-r
tui_wait_gone "(eu-west-1)"
tui_keys BSpace
tui_wait_gone "Primary database degraded"
tui_type "Replica lag"
tui_keys F10
tui_wait "The request body"
tui_keys Enter
tui_wait "Incident declared"
tui_keys q
check_eq "declared: exit 0" "$(tui_wait_exit)" "0"
check "the title sent is the one typed, alone" \
    grep -q '"title": *"Replica lag"' "$LOG"
tui_stop
finish
