#!/usr/bin/env bash
# `make screenshots`: runs the real `klaxon training` in xterm under Xvfb (80x24, DejaVu Sans
# Mono), drives it through tmux on a private socket, and saves PNGs in screenshots/:
#   training-banner.png  plan-picker.png  form-validation.png  review.png  result.png
#   board.png (the trainer's board of a drill room)
# and, from `klaxon drill orders-db-failover`:
#   drill-brief.png  drill-brief-key.png (F2 over the form)  drill-score-card.png (100x58, small
#   font: the whole card and the model declaration in one picture)
# Needs: Xvfb xterm tmux ImageMagick (import) xdotool. Usage: scripts/screenshots.sh [BUILD_DIR]
set -eu
build=${1:-build}
cd "$(dirname "$0")/.."
root=$PWD
klaxon="$root/$build/klaxon"
out="$root/screenshots"
[ -x "$klaxon" ] || { echo "screenshots: build first ($klaxon is missing)" >&2; exit 2; }
for tool in Xvfb xterm tmux import xdotool; do
    command -v "$tool" >/dev/null || { echo "screenshots: $tool is not installed" >&2; exit 2; }
done
mkdir -p "$out"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/klx-shots.XXXXXX")
sock="klx-shots-$$"
display=":$((90 + $$ % 100))"
xvfb_pid="" xterm_pid="" xterm_pids=() socks=("$sock" "$sock-brief" "$sock-card")
cleanup() {
    local s p
    for s in "${socks[@]}"; do tmux -L "$s" kill-server 2>/dev/null || true; done
    [ -n "$xterm_pid" ] && kill "$xterm_pid" 2>/dev/null || true
    for p in "${xterm_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# A fresh home: no drafts, no recent plans, no AWS settings of the person running this.
export HOME="$tmp/home" XDG_STATE_HOME="$tmp/home/.local/state" XDG_CACHE_HOME="$tmp/home/.cache"
mkdir -p "$HOME"
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN TMUX
export LC_ALL=C.UTF-8 TZ=UTC

Xvfb "$display" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 100); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.05; done 2>/dev/null || true
export DISPLAY="$display"

# xterm shows a tmux client; tmux runs klaxon, so keys can be sent reliably with send-keys.
tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
    "env TERM=tmux-256color $klaxon training; sleep 1000"
tmux -L "$sock" set-option -g status off
tmux -L "$sock" set-option -g default-terminal tmux-256color
xterm -display "$display" -geometry 80x24+0+0 -fa "DejaVu Sans Mono" -fs 12 \
    -bg "#1e1e1e" -fg "#d4d4d4" -bc -title klaxon \
    -e tmux -L "$sock" attach >/dev/null 2>&1 &
xterm_pid=$!

wait_for() { # TEXT: until the screen shows it
    local i
    for i in $(seq 1 200); do
        tmux -L "$sock" capture-pane -p | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    echo "screenshots: timed out waiting for \"$1\"" >&2
    tmux -L "$sock" capture-pane -p >&2
    exit 1
}
keys() { tmux -L "$sock" send-keys "$@"; }
type_text() { tmux -L "$sock" send-keys -l "$1"; }

# xterm_window TITLE WHAT: the id of the X window titled TITLE, once xterm has made it (10 s at
# most); fails, saying WHAT did not appear, when it never does.
xterm_window() {
    local w
    for _ in $(seq 1 200); do
        w=$(xdotool search --name "^$1\$" 2>/dev/null | head -n 1 || true)
        [ -n "$w" ] && { echo "$w"; return 0; }
        sleep 0.05
    done
    echo "screenshots: the $2 window did not appear" >&2
    return 1
}
window=$(xterm_window klaxon xterm) || exit 1

shot() { # NAME: the xterm window as it is now
    sleep 0.4 # let xterm paint what tmux already shows
    import -display "$display" -window "$window" "$out/$1.png"
    echo "screenshots: $out/$1.png"
}

# A drill in a tmux session and xterm of their own: NAME COLS ROWS FONT_SIZE. Sets sock and
# window, so that wait_for, keys and shot act on it.
start_drill() {
    local name=$1 cols=$2 rows=$3 fs=$4
    sock="klx-shots-$$-$name"
    tmux -L "$sock" -f /dev/null new-session -d -x "$cols" -y "$rows" \
        "env TERM=tmux-256color $klaxon drill orders-db-failover; sleep 1000"
    tmux -L "$sock" set-option -g status off
    xterm -display "$display" -geometry "${cols}x${rows}+0+0" -fa "DejaVu Sans Mono" -fs "$fs" \
        -bg "#1e1e1e" -fg "#d4d4d4" -bc -title "klaxon-$name" \
        -e tmux -L "$sock" attach >/dev/null 2>&1 &
    xterm_pids+=("$!")
    window=$(xterm_window "klaxon-$name" "$name") || exit 1
}

# drill_title TITLE: from the drill's banner to the form: the orders database plan, impact 2
# and TITLE typed over the plan's title.
drill_title() {
    wait_for "Quit"
    keys Enter
    wait_for "of 5 plans"
    type_text "datab"
    wait_for "1 of 5 plans"
    keys Enter
    wait_for "Runbook"
    keys 2 Tab C-u
    type_text "$1"
}

wait_for "Quit"
shot training-banner

keys Enter
wait_for "of 5 plans"
type_text "pay"
wait_for "1 of 5 plans"
keys BSpace BSpace BSpace
wait_for "5 of 5 plans"
keys Down Down Down
shot plan-picker

keys Enter
wait_for "Runbook"
keys 2 Tab C-u
type_text "Checkout: card payments failing in eu-west-1 since 14:02"
keys Tab Enter
wait_for "New related item"
keys Tab
type_text "Payments error dashboard"
keys Tab Right Tab
type_text "cloudwatch dashboard payments"
wait_for "must match"
shot form-validation

keys C-u
type_text "arn:aws:cloudwatch:eu-west-1:111122223333:dashboard/payments"
keys F10
wait_for "1 of 100"
keys F10
wait_for "The request body"
shot review

keys Enter
wait_for "OPEN"
shot result
keys q

# The trainer's board of a drill room: four trainees, one right, one declaring twice, one who
# quit, one still on it.
sim_out="$tmp/room.out"
"$root/$build/klaxon-sim" --port 0 --quiet --scenarios scenarios/checkout-down.json \
    scenarios/payments-p99.json >"$sim_out" 2>&1 &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true; cleanup' EXIT
room=""
for _ in $(seq 1 200); do
    room=$(sed -n 's/^listening on //p' "$sim_out" | head -n 1)
    [ -n "$room" ] && break
    sleep 0.05
done
[ -n "$room" ] || { echo "screenshots: the room did not start" >&2; exit 1; }
room_trainee() { # NAME IMPACT... : joins, then declares once per impact given
    local name=$1 j akid secret scen n=0
    shift
    j=$(curl -sS -X POST --data "{\"name\": \"$name\"}" "$room/room/join")
    akid=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["access_key_id"])' <<<"$j")
    secret=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["secret_access_key"])' <<<"$j")
    scen=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["scenario"])' <<<"$j")
    for impact in "$@"; do
        n=$((n + 1))
        python3 -c 'import json,sys; m=json.load(open("scenarios/%s.json" % sys.argv[1]))["model"];
m["impact"]=int(sys.argv[2]); print(json.dumps(m))' "$scen" "$impact" >"$tmp/body.json"
        AWS_ACCESS_KEY_ID=$akid AWS_SECRET_ACCESS_KEY=$secret AWS_REGION=us-east-1 \
            "$klaxon" start-incident --endpoint-url "$room" --client-token "$name-$n" \
            --cli-input-json "file://$tmp/body.json" >/dev/null 2>&1 || true
    done
    ROOM_ID=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["trainee"])' <<<"$j")
}
room_trainee alice 1
room_trainee bob 5 3
room_trainee carol
curl -sS -X POST --data "{\"trainee\": \"$ROOM_ID\", \"keys\": 3}" "$room/room/leave" >/dev/null
room_trainee dave
tmux -L "$sock" respawn-pane -k "env TERM=tmux-256color $klaxon drill --board $room; sleep 1000"
wait_for "dave"
shot board
keys q
# The drill: the brief as the trainee meets it, then F2 over the form mid-title.
start_drill brief 80 24 12
wait_for "Press Enter to start the clock"
shot drill-brief
keys Enter
drill_title "Orders DB failover"
keys F2
wait_for "Brief: orders-db-failover"
shot drill-brief-key

# The whole right answer (the dashboard link pasted, a problem met and fixed), then the card.
start_drill card 100 58 10
wait_for "Press Enter to start the clock"
keys Enter
drill_title "Orders DB failover: replica lag, order history timing out"
keys Tab Tab Enter
wait_for "^ is required"
keys Enter BTab Enter
wait_for "New related item"
keys M Tab
type_text "Orders DB dashboard"
keys Tab Tab
tmux -L "$sock" set-buffer \
    "https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=orders-db"
tmux -L "$sock" paste-buffer -p
wait_for "dashboards:name=orders-db"
keys F10
wait_for "1 of 100"
keys F10
wait_for "The request body"
keys Enter
wait_for "Incident declared"
keys q
wait_for "Attempt kept"
shot drill-score-card
