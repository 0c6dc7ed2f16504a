#!/usr/bin/env bash
# F1 help is written from the screen's key table: it lists the keys that apply where the
# responder is (the plan's on Response plan, the line editor's in a text field), as the manual
# words them, under the field's own help.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"

tui_start 80 24 "$KLAXON" training
tui_wait "Quit"
tui_keys F1
tui_wait "Keys here"
screen=$(tui_screen)
check_contains "on Response plan: the field's help" "$screen" "The response plan to start"
check_contains "on Response plan: its own keys" "$screen" "on Response plan: open the plan list"
check "on Response plan: no line editor" bash -c "! grep -q 'one character back or on' <<<\"\$1\"" _ "$screen"
tui_keys Escape
tui_wait_gone "Keys here"
tui_keys Tab Tab
tui_wait "> Title"
tui_keys F1
tui_wait "Keys here"
screen=$(tui_screen)
check_contains "on Title: Enter moves on" "$screen" "in a field: the next field"
check_contains "on Title: the line editor's keys" "$screen" "one character back or on"
check "on Title: not the plan's keys" bash -c "! grep -q 'open the plan list' <<<\"\$1\"" _ "$screen"
tui_keys Escape
tui_wait_gone "Keys here"
tui_keys C-c # nothing typed: it leaves without asking
check_eq "left without declaring: exit 1" "$(tui_wait_exit)" "1"
tui_stop
finish
