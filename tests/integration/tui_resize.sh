#!/usr/bin/env bash
# Resizing: any size change re-lays out at once; below the minimum a clear "enlarge the window"
# message; nothing typed is lost; 1x1 does not crash; back at 80x24 the screen is as before.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"

LOG="$T_TMP/sim.jsonl"
size() { tui_tmux resize-window -x "$1" -y "$2"; }
alive() { [ ! -s "$TUI_RC" ]; }
# Press KEY until the screen shows (or, with "gone", no longer shows) TEXT, at most 8 times.
# Right after a window comes back from too small, tmux may show its kept grid before klaxon has
# seen the new size; keys klaxon reads while it still thinks the window is too small are
# ignored on purpose ("nothing was typed while too small"), so the test presses again.
press_until() { # [gone] TEXT KEY
    local gone=0 i
    [ "$1" = gone ] && { gone=1; shift; }
    for i in $(seq 1 8); do
        tui_keys "$2"
        for _ in $(seq 1 20); do
            if tui_capture | grep -qF -- "$1"; then [ "$gone" = 0 ] && return 0
            else [ "$gone" = 1 ] && return 0; fi
            sleep 0.05
        done
    done
    not_ok "pressing $2 until the screen $([ "$gone" = 1 ] && echo "no longer shows" || echo shows) \"$1\"" \
        "last screen:" "$(tui_capture)"
    return 1
}

tui_start 80 24 "$KLAXON" training --sim-log "$LOG"
tui_wait "Quit"
tui_keys Enter
tui_wait "of 5 plans"
tui_type "security"
tui_keys Enter
tui_wait "Engages"
tui_keys Tab C-u
tui_type "Suspicious logins 可疑登录"
tui_wait "可疑登录"
before=$(tui_screen | tui_mask)

size 40 12
tui_wait "Enlarge the window"
tui_golden resize-40x12
check "still running at 40x12" alive

# Keys are ignored while too small (nothing typed blind).
tui_type "zzz"
size 200 60
tui_wait "Do not discuss details in public channels" # only a 200-column layout shows it all
check "nothing was typed while too small" bash -c "! tmux -L $TUI_SOCK capture-pane -p | grep -q zzz"
tui_golden resize-200x60
check_contains "the key line is on the last row at 200x60" "$(tui_screen | sed -n 60p)" "Quit"

size 80 24
tui_wait "178 left" # the count is drawn at column 70 only by the 80-column layout
after=$(tui_screen | tui_mask)
check_eq "back at 80x24 the screen is as before" "$after" "$before"

# Tiny and back again, twice, with the picker open: no crash, still usable.
size 1 1
tui_wait_gone "Suspicious logins"
check "still running at 1x1" alive
size 80 24
tui_wait "Suspicious logins"
press_until "> Response plan" BTab
tui_keys Enter
tui_wait "Choose a response plan"
size 64 16
tui_wait "runbo~" # the help line as only the 64-column layout clips it
tui_golden resize-picker-64x16
size 63 16
tui_wait "Enlarge the window"
size 2 1
size 80 24
tui_wait "Choose a response plan"
press_until gone "Choose a response plan" Escape

# Typing continues where it was.
tui_keys Tab Tab
tui_wait "> Title"
tui_keys End
tui_type " (resized)"
tui_wait "可疑登录 (resized)"
tui_keys F10
tui_wait "The request body"
tui_keys Enter
tui_wait "Incident declared"
tui_keys q
check_eq "declared after all the resizing: exit 0" "$(tui_wait_exit)" "0"
check "the title arrived intact" grep -q "Suspicious logins 可疑登录 (resized)" "$LOG"
tui_stop
finish
