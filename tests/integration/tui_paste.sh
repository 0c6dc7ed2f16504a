#!/usr/bin/env bash
# Pasting: a bracketed paste is text (its newlines become spaces in one-line fields, it never
# submits), a pasted plan ARN is used directly, and even an unbracketed paste's newline only
# moves to the next field.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"

LOG="$T_TMP/sim.jsonl"
paste() { # TEXT: bracketed paste through tmux, as a terminal does when the app asked for it
    tui_tmux set-buffer -b klx -- "$1"
    tui_tmux paste-buffer -p -r -b klx # -r: keep LF as LF (tmux would send CR)
}

tui_start 80 24 "$KLAXON" training --sim-log "$LOG"
tui_wait "Quit"

# A plan ARN pasted on the plan row opens the picker with it, offered as is.
paste "arn:aws:ssm-incidents::111122223333:response-plan/payments-latency"
tui_wait "Use this ARN: arn:aws:ssm-incidents::111122223333:response-plan/payments-"
tui_wait "0 of 5 plans" 30 # the list arrives in the background (slowly under valgrind)
tui_golden paste-plan-arn
tui_keys Enter
tui_wait "Payments latency (payments-latency)"
tui_wait "Runbook"

# A multi-line paste into the title: one line, spaces for newlines, no review, no submit.
tui_keys Tab C-u
paste "$(printf 'Checkout down\nin eu-west-1\r\nsince 14:02')"
tui_wait "Checkout down in eu-west-1 since 14:02"
check_contains "still on the form (a pasted newline never submits)" "$(tui_screen)" "> Title"
tui_golden paste-title

# The same text without bracketed paste: its newline is Enter, which moves to the next field.
tui_keys C-u
tui_tmux set-buffer -b raw -- "$(printf 'Line one\nx')"
tui_tmux paste-buffer -b raw
tui_wait "> Related items"
check_contains "the first line stayed in the title" "$(tui_screen)" "Title           Line one"
check "no review screen was opened" bash -c "! tmux -L $TUI_SOCK capture-pane -p | grep -q 'Review:'"

# A paste into the related item editor's value.
tui_keys Enter
tui_wait "New related item"
tui_keys Tab Tab Tab
paste "$(printf 'https://dash.example.com/\nd/abc')"
tui_wait "https://dash.example.com/ d/abc"
tui_keys Escape
tui_wait "Discard the changes"
tui_keys y
tui_wait_gone "New related item"

tui_leave d
check_eq "exit status 1" "$TUI_EXIT" "1"
check_eq "nothing was sent" "$(grep -c StartIncident "$LOG" || true)" "0"
tui_stop
finish
