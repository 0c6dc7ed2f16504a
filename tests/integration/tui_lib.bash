# Helpers for the form's black-box tests: klaxon in a real terminal (tmux on a private socket),
# keys in, screens out, compared with golden files. Source it after lib.sh.
#   tui_start COLS ROWS CMD...   start CMD in a fresh tmux server (exit status lands in $TUI_RC)
#   tui_keys KEY...              tmux send-keys (names: Enter Tab BTab Escape C-c F10 ...)
#   tui_type TEXT                literal text
#   tui_wait TEXT [SECONDS]      until the screen shows TEXT (fails the test on timeout)
#   tui_wait_gone TEXT           until the screen no longer shows TEXT
#   tui_screen                   the screen now, stable (two equal captures in a row)
#   tui_golden NAME              compare the screen with tests/golden/NAME.txt (volatile parts
#                                masked). A test never writes a golden file: to renew them run
#                                tests/tools/update-golden.sh, which is not a test
#   tui_wait_exit [SECONDS]      until the program ended; prints its exit status
#   tui_stop                     kill the tmux server
#   tui_pick_plan FILTER         in the picker of the simulator's 5 plans: type FILTER, and once
#                                one plan is left, choose it
#   tui_fill_item KEY TITLE VALUE  in the "New related item" dialog: the type whose name starts
#                                with KEY, the title and the value (URL or ARN); not yet saved
# Set TUI_TERM to run the program under another TERM (default: tmux's own, "screen").
command -v tmux >/dev/null || { echo "tmux is not installed"; echo "0 passed, 1 failed"; exit 1; }

TUI_SOCK="klx-test-$$"
TUI_RC="$T_TMP/tui-rc"
GOLDEN_DIR="${GOLDEN_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/golden}"

tui_tmux() { tmux -L "$TUI_SOCK" "$@"; }

tui_stop() {
    local pane i p pids=()
    pane=$(tui_tmux display -p '#{pane_pid}' 2>/dev/null) || return 0
    pids=("$pane" $(pgrep -P "$pane" 2>/dev/null))
    tui_tmux kill-server 2>/dev/null || return 0
    # Until the program has finished with its SIGHUP (it may be saving a draft) and the old
    # server is gone, or the next test would meet them.
    for i in $(seq 1 250); do
        local alive=0
        for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
        if [ $alive = 0 ] && ! tui_tmux has-session 2>/dev/null; then
            return 0
        fi
        sleep 0.02
    done
}
trap 'tui_stop; t_cleanup' EXIT

tui_start() {
    local cols=$1 rows=$2
    shift 2
    tui_stop
    rm -f "$TUI_RC"
    local cmd envs q
    printf -v q '%q ' "$@"
    envs="HOME=$HOME XDG_STATE_HOME=$XDG_STATE_HOME XDG_CACHE_HOME=$XDG_CACHE_HOME"
    envs+=" XDG_CONFIG_HOME=$XDG_CONFIG_HOME LC_ALL=C.UTF-8 TZ=UTC ESCDELAY=25"
    [ -n "${TUI_TERM:-}" ] && envs+=" TERM=$TUI_TERM"
    [ -n "${TUI_ENV:-}" ] && envs+=" $TUI_ENV"
    # The shell stays after the program so its last screen and exit status can be read.
    cmd="env $envs $q; echo \$? > $TUI_RC; exec sleep 100000"
    tui_tmux -f /dev/null new-session -d -x "$cols" -y "$rows" "$cmd"
    tui_tmux set-option -g status off >/dev/null
}

tui_keys() { tui_tmux send-keys "$@"; }
tui_type() { tui_tmux send-keys -l "$1"; }
tui_pick_plan() {
    tui_wait "of 5 plans"
    tui_type "$1"
    tui_wait "1 of 5 plans"
    tui_keys Enter
}
tui_fill_item() {
    tui_wait "New related item"
    tui_keys "$1" Tab
    tui_type "$2"
    tui_keys Tab Tab # past the kind (URL)
    tui_type "$3"
}
tui_capture() { tui_tmux capture-pane -p; }

tui_screen() {
    local a b i
    a=$(tui_capture)
    for i in $(seq 1 50); do
        sleep 0.05
        b=$(tui_capture)
        [ "$a" == "$b" ] && break
        a=$b
    done
    printf '%s\n' "$a"
}

# Poll the screen for TEXT until a deadline: a readiness signal, not a timed assertion.
tui_wait() {
    local text=$1 secs=${2:-10} i
    for i in $(seq 1 $((secs * 20))); do
        if tui_capture | grep -qF -- "$text"; then
            return 0
        fi
        sleep 0.05
    done
    not_ok "screen shows \"$text\"" "last screen:" "$(tui_capture)"
    return 1
}

tui_wait_gone() {
    local text=$1 secs=${2:-10} i
    for i in $(seq 1 $((secs * 20))); do
        if ! tui_capture | grep -qF -- "$text"; then
            return 0
        fi
        sleep 0.05
    done
    not_ok "screen stops showing \"$text\"" "last screen:" "$(tui_capture)"
    return 1
}

tui_wait_exit() {
    local secs=${1:-10} i
    for i in $(seq 1 $((secs * 20))); do
        if [ -s "$TUI_RC" ]; then
            cat "$TUI_RC"
            return 0
        fi
        sleep 0.05
    done
    echo "none"
    return 1
}

# tui_leave KEY: Ctrl-C, then KEY at "Leave klaxon?" (d discard, k keep); TUI_EXIT is then the
# exit status ("none" if klaxon did not end).
tui_leave() {
    tui_keys C-c
    tui_wait "Leave klaxon?"
    tui_keys "$1"
    TUI_EXIT=$(tui_wait_exit)
}

# Mask what changes from run to run: UUIDs, ports, clock times, dates.
tui_mask() {
    sed -E -e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<uuid>/g' \
        -e 's/127\.0\.0\.1:[0-9]+/127.0.0.1:<port>/g' \
        -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}Z?/<time>/g' \
        -e 's/(^|[^0-9:])[0-9]{2}:[0-9]{2}(:[0-9]{2})?([^0-9:]|$)/\1<hh:mm>\3/g' \
        -e 's/after [0-9]+ attempts?\./after <n> attempts./g' \
        -e 's/ +$//'
}

tui_golden() {
    local name=$1 file="$GOLDEN_DIR/$1.txt" got
    got=$(tui_screen | tui_mask)
    # tests/tools/update-golden.sh only: save the screen beside, check nothing, count nothing.
    if [ -n "${KLX_GOLDEN_CAPTURE:-}" ]; then
        printf '%s\n' "$got" >"$KLX_GOLDEN_CAPTURE/$name.txt"
        echo "captured $name (not a check)"
        return 0
    fi
    if [ ! -f "$file" ]; then
        not_ok "golden $name" "missing $file (make it with tests/tools/update-golden.sh)" "$got"
        return 1
    fi
    local want
    want=$(cat "$file")
    if [ "$got" == "$want" ]; then
        ok "golden $name"
    else
        not_ok "golden $name" "$(diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | head -n 40)"
    fi
}
