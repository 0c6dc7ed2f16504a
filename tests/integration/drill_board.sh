#!/usr/bin/env bash
# The trainer's live board (klaxon drill --board) in a real terminal: trainees appear as they
# join and change as they declare, who needs the trainer is marked and first, s sorts, Enter
# shows a trainee's points, RETRYING when the room is gone, q quits; at 80x24, after a resize,
# under NO_COLOR; and --plain's one line per change. The room is tests/tools/fake_room.py
# answering GET /room/state from a file the test rewrites.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"
source "$(dirname "$0")/room_lib.bash"
require_klaxon sim
command -v python3 >/dev/null || { skip "drill board" "no python3"; finish; exit; }
command -v curl >/dev/null || { skip "drill board" "no curl"; finish; exit; }

STATE=$T_TMP/state.json
# put_state TRAINEES-JSON: what the room answers from now on (replaced whole, never half-written).
put_state() {
    printf '{"started": 1000, "now": 1100, "trainees": [%s]}\n' "$1" >"$STATE.tmp"
    mv "$STATE.tmp" "$STATE"
}
# start_room: the fake room on a free port; sets ROOM_URL and ROOM_PID.
start_room() {
    rm -f "$T_TMP/port"
    python3 "$(dirname "$0")/../tools/fake_room.py" "$STATE" "$T_TMP/port" &
    ROOM_PID=$!
    T_PIDS+=("$ROOM_PID")
    local i
    for i in $(seq 1 400); do [ -s "$T_TMP/port" ] && break; sleep 0.05; done
    ROOM_URL=http://127.0.0.1:$(cat "$T_TMP/port")
}
ALICE_ACTIVE='{"trainee": "t1", "name": "alice", "scenario": "db-lag", "status": "active", "declarations": 0, "seconds": 5}'
BOB_ACTIVE='{"trainee": "t2", "name": "bob", "scenario": "cdn-5xx", "status": "active", "declarations": 0, "seconds": 4}'
ALICE_DONE='{"trainee": "t1", "name": "alice", "scenario": "db-lag", "status": "declared", "declarations": 1, "score": 6, "max": 6, "seconds": 65, "points": [{"rule": "plan", "ok": true, "reason": "database-degraded is an acceptable plan"}]}'
BOB_TWICE='{"trainee": "t2", "name": "bob", "scenario": "cdn-5xx", "status": "declared", "declarations": 2, "score": 3, "max": 6, "seconds": 99, "points": [{"rule": "impact", "ok": false, "reason": "impact 4 is too low: customers cannot pay"}]}'

put_state ""
start_room
tui_start 80 24 "$KLAXON" drill --board "$ROOM_URL"
tui_wait "No trainee has joined yet" && ok "an empty room says who can join and how"
put_state "$ALICE_ACTIVE, $BOB_ACTIVE"
tui_wait "bob" && ok "trainees appear as they join"
put_state "$ALICE_DONE, $BOB_TWICE"
tui_wait "3/6   1m39s" && ok "a second declaration shows live"
screen=$(tui_screen)
first=$(printf '%s\n' "$screen" | sed -n 4p)
check_contains "who declared twice comes first, marked" "$first" "! bob"
check_contains "the score and the time show" "$first" "3/6   1m39s"
check_contains "the key line comes from the board's key table" "$screen" "Sort"
tui_keys s
tui_wait "sorted by name" && ok "s cycles the sort"
first=$(tui_screen | sed -n 4p)
check_contains "sorted by name, alice is first" "$first" "alice"
tui_keys Down Enter
tui_wait "impact 4 is too low" && ok "Enter shows the chosen trainee's points with the reasons"
check_contains "the points are bob's" "$(tui_screen)" "bob on cdn-5xx: declared twice"
tui_keys Escape
tui_wait "SCENARIO" && ok "Esc goes back to the board"
tui_tmux resize-window -x 100 -y 30 2>/dev/null || tui_tmux resize-pane -x 100 -y 30
tui_wait "alice" && ok "the board is drawn again after a resize"
kill "$ROOM_PID"; wait "$ROOM_PID" 2>/dev/null
tui_wait "RETRYING" 30 && ok "RETRYING shows once the room is gone"
check_contains "the last good state stays on screen" "$(tui_screen)" "3/6   1m39s"
tui_keys q
check_eq "q quits with status 0" "$(tui_wait_exit)" "0"

# NO_COLOR: the marker still says who needs the trainer.
start_room
TUI_ENV="NO_COLOR=1" tui_start 80 24 "$KLAXON" drill --board "$ROOM_URL"
tui_wait "3/6   1m39s" && ok "the board runs under NO_COLOR"
check_contains "under NO_COLOR the marker is there" "$(tui_screen | sed -n 4p)" "! bob"
tui_keys q
tui_wait_exit >/dev/null
tui_stop

# --plain: one line per change.
put_state "$ALICE_ACTIVE"
out=$T_TMP/plain.out
"$KLAXON" drill --board "$ROOM_URL" --plain >"$out" 2>&1 </dev/null &
PLAIN_PID=$!
T_PIDS+=("$PLAIN_PID")
wait_line() {
    wait_for_text "$out" "$1" && return 0
    not_ok "--plain printed \"$1\"" "output:" "$(cat "$out")"
    return 1
}
wait_line "alice joined: db-lag" && ok "--plain: a line when a trainee joins"
put_state "$ALICE_DONE, $BOB_ACTIVE"
wait_line "alice declared in 1m05s, score 6/6" && ok "--plain: a line when a trainee declares"
wait_line "bob joined: cdn-5xx" && ok "--plain: a second trainee"
put_state "$ALICE_DONE, $BOB_TWICE"
wait_line "bob DECLARED AGAIN: 2 incidents" && ok "--plain: a second declaration is called out"
check_eq "--plain: no line for what did not change" "$(grep -c alice "$out")" "2"
kill "$ROOM_PID"; wait "$ROOM_PID" 2>/dev/null
wait_line "RETRYING: cannot reach the room" && ok "--plain: RETRYING when the room is gone"
kill -TERM "$PLAIN_PID"
wait "$PLAIN_PID"
check_eq "--plain ends on SIGTERM with status 0" "$?" "0"

# The real room: a trainee joining and declaring twice shows live; the simulator killed, RETRYING.
start_sim --quiet --scenarios scenarios/checkout-down.json || { not_ok "the room starts"; finish; exit; }
tui_start 80 24 "$KLAXON" drill --board "$SIM_URL"
tui_wait "No trainee has joined yet" && ok "real room: the board starts empty"
room_join erin
tui_wait "erin" && ok "real room: a trainee who joins appears"
check_contains "real room: active on the room's scenario" "$(tui_screen | sed -n 4p)" "checkout-down          active"
room_declare checkout-down 1 erin-1
tui_wait "6/6" && ok "real room: the declaration and its score appear"
room_declare checkout-down 1 erin-2
tui_wait "! erin" 30 && ok "real room: a second incident marks the trainee for the trainer"
check_contains "real room: as declared twice" "$(tui_screen | sed -n 4p)" "declared twice"
kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
tui_wait "RETRYING" 30 && ok "real room: RETRYING once the simulator is killed"
tui_keys q
check_eq "real room: q quits with status 0" "$(tui_wait_exit)" "0"
tui_stop

out=$("$KLAXON" drill --board ftp://x --plain 2>&1)
check_eq "a URL that is not http(s) is a usage error" "$?" "2"
check_contains "and says what a room URL looks like" "$out" "http:// or https://"
finish
