#!/usr/bin/env bash
# The form under each TERM it promises to work with (xterm-256color, screen, tmux-256color, linux,
# vt100), declaring with Ctrl-S (F10 codes differ between terminal types; Ctrl-S does not), and
# colours: on by default where the terminal has them, off with NO_COLOR and --no-color.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"

LOG="$T_TMP/sim.jsonl"
fresh() { tui_stop; rm -f "$XDG_STATE_HOME/klaxon/training-draft.json"; }

declare_under() { # TERM
    local term=$1
    TUI_TERM=$term tui_start 80 24 "$KLAXON" training --sim-log "$LOG"
    tui_wait "Quit" || return
    rm -f "$XDG_STATE_HOME/klaxon/training-draft.json"
    tui_keys Enter
    tui_wait "of 5 plans" || return
    tui_type "minor"
    tui_wait "1 of 5 plans" || return
    tui_keys Up Down Enter # arrows in the list (a no-op here: one match)
    tui_wait "Minor bug" || return
    tui_keys Tab C-u
    tui_type "Declared under $term"
    tui_wait "Declared under $term" || return
    tui_keys Down Down Down Up # arrows move between fields
    tui_wait "> Trigger details" || return
    tui_keys C-s
    tui_wait "The request body" || return
    tui_keys Enter
    tui_wait "Incident declared" || return
    tui_keys q
    check_eq "TERM=$term: declared, exit 0" "$(tui_wait_exit)" "0"
    check "TERM=$term: the simulator received it" grep -q "Declared under $term" "$LOG"
}

for term in xterm-256color screen tmux-256color linux vt100; do
    declare_under "$term"
done

# Colours: the escape sequences tmux keeps for the screen (capture-pane -e).
colours() { tui_tmux capture-pane -p -e | grep -cE $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;|48;)[0-9;]*m' || true; }

rm -f "$XDG_STATE_HOME/klaxon/training-draft.json"
TUI_TERM=xterm-256color tui_start 80 24 "$KLAXON" training
tui_wait "Quit"
check "colours are used by default on xterm-256color" test "$(colours)" -gt 0

fresh
TUI_TERM=xterm-256color TUI_ENV="NO_COLOR=1" tui_start 80 24 "$KLAXON" training
tui_wait "Quit"
check_eq "NO_COLOR: no colour at all" "$(colours)" "0"
# Without colour the focus and the chosen values still show (brackets, markers, reverse video).
tui_keys Enter
tui_wait "of 5 plans"
tui_keys Enter
tui_wait "> Impact"
impact=$(tui_screen | grep "> Impact")
check "the chosen impact is bracketed without colour" grep -qE '\[[1-5] ' <<<"$impact"

fresh
TUI_TERM=xterm-256color tui_start 80 24 "$KLAXON" --no-color training
tui_wait "Quit"
check_eq "--no-color: no colour at all" "$(colours)" "0"

# An unknown terminal type: plain prompts instead of a crash.
fresh
TUI_TERM=no-such-terminal-xyz tui_start 80 24 "$KLAXON" training
tui_wait "using plain prompts"
tui_wait "Response plan: number"
tui_keys C-d
check_eq "unknown TERM: plain prompts, end of input leaves with 1" "$(tui_wait_exit)" "1"

tui_stop
finish
