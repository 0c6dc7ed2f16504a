#!/usr/bin/env bash
# F1 help is written from the screen's key table: it lists the keys that apply where the
# responder is (the plan's on Response plan, the line editor's in a text field), as the manual
# words them, under the field's own help.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"

# help_on FIELD SAYS ALSO NOT: F1 on FIELD shows SAYS and ALSO but not NOT; Escape closes it.
help_on() {
    local screen
    tui_keys F1
    tui_wait "Keys here"
    screen=$(tui_screen)
    check_contains "on $1: \"$2\"" "$screen" "$2"
    check_contains "on $1: \"$3\"" "$screen" "$3"
    check "on $1: not \"$4\"" bash -c '! grep -qF -- "$1" <<<"$2"' _ "$4" "$screen"
    tui_keys Escape
    tui_wait_gone "Keys here"
}

tui_start 80 24 "$KLAXON" training
tui_wait "Quit"
# The field's help and its own keys; not the line editor's.
help_on "Response plan" "The response plan to start" "on Response plan: open the plan list" \
    "one character back or on"
tui_keys Tab Tab
tui_wait "> Title"
# Enter moves on, the line editor's keys; not the plan's.
help_on "Title" "in a field: the next field" "one character back or on" "open the plan list"
tui_keys C-c # nothing typed: it leaves without asking
check_eq "left without declaring: exit 1" "$(tui_wait_exit)" "1"
tui_stop
finish
