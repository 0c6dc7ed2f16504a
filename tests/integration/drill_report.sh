#!/usr/bin/env bash
# The debrief from a real room's log: trainees join with curl, declare with klaxon start-incident
# and their own keys, leave; one declares twice, one quits, a taken name is refused, a name that
# is a spreadsheet formula with Markdown specials joins too. Then klaxon drill --report in the
# three formats, and the --plain board watching the same room live.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/room_lib.bash"
require_klaxon sim
command -v curl >/dev/null || { skip "drill report" "no curl"; finish; exit; }
command -v python3 >/dev/null || { skip "drill report" "no python3"; finish; exit; }

start_sim --quiet --scenarios scenarios/checkout-down.json scenarios/payments-p99.json ||
    { not_ok "the room starts"; finish; exit; }

# --plain board on the room from the start.
BOARD=$T_TMP/board.out
"$KLAXON" drill --board "$SIM_URL" --plain >"$BOARD" 2>&1 </dev/null &
BOARD_PID=$!
T_PIDS+=("$BOARD_PID")
board_line() {
    wait_for_text "$BOARD" "$1" 60 && return 0
    not_ok "the board printed \"$1\"" "output:" "$(cat "$BOARD")"
    return 1
}

room_join alice
check_eq "alice gets checkout-down" "$SCENARIO" "checkout-down"
room_declare checkout-down 1 alice-1
check_eq "alice declares" "$?" "0"
room_post /room/leave "{\"trainee\": \"$ID\", \"keys\": 42, \"problems\": 1}" >/dev/null
room_join bob
room_declare payments-p99 5 bob-1
check_eq "bob declares" "$?" "0"
room_declare payments-p99 5 bob-1
room_declare payments-p99 3 bob-2
room_post /room/leave "{\"trainee\": \"$ID\", \"keys\": 77, \"problems\": 0}" >/dev/null
room_join carol
room_post /room/leave "{\"trainee\": \"$ID\", \"keys\": 5, \"problems\": 0}" >/dev/null
room_post /room/join '{"name": "alice"}' >/dev/null
room_join '=SUM(1)|_x_*'
check_eq "the formula name joins" "$SCENARIO" "payments-p99"

board_line "alice declared in" && ok "the board saw alice declare"
board_line "bob DECLARED AGAIN: 2 incidents" && ok "the board called out bob's second incident"
board_line "carol QUIT without declaring" && ok "the board saw carol quit"
board_line "=SUM(1)|_x_* joined: payments-p99" && ok "the board saw the last one join"
kill -TERM "$BOARD_PID"
wait "$BOARD_PID"
check_eq "the board ends on SIGTERM with status 0" "$?" "0"

table=$("$KLAXON" drill --report "$SIM_LOG" 2>"$T_TMP/err")
check_eq "--report: exit 0" "$?" "0"
check_eq "--report: no line was bad" "$(cat "$T_TMP/err")" ""
check_contains "table: the summary" "$table" "4 trainees: 2 declared (1 twice), 1 quit, 0 lost, 1 active"
row() { printf '%s\n' "$table" | grep "^$1 "; }
check_contains "table: alice scored full marks" "$(row alice)" "checkout-down  declared          8/8"
check_contains "table: alice's keys and problems" "$(row alice)" "42         1"
check_contains "table: bob declared twice" "$(row bob)" "declared twice"
check_contains "table: carol quit" "$(row carol)" "quit"
check_contains "table: bob's lost impact point, with the reason" "$table" "bob (payments-p99), impact:"
check_contains "table: the taken name was refused" "$table" "Refused:"

md=$("$KLAXON" drill --report "$SIM_LOG" --format markdown)
check_contains "markdown: the table's header" "$md" "| Name | Scenario | Status | Score | Time to declare | Keys | Problems |"
check_contains "markdown: specials in a name are escaped" "$md" '| =SUM(1)\|\_x\_\* | payments-p99 | active |'
check_contains "markdown: the points lost" "$md" "- **bob** (payments-p99), impact:"

csv=$("$KLAXON" drill --report "$SIM_LOG" --format csv)
check_contains "csv: the header" "$csv" "trainee,name,scenario,status,declarations,score,max,seconds_to_declare,keys,problems,points_lost"
check_contains "csv: a formula name is defused" "$csv" "\"'=SUM(1)|_x_*\",\"payments-p99\",\"active\""
check_contains "csv: bob's row" "$csv" "\"bob\",\"payments-p99\",\"declared twice\",2,"
check_eq "csv: a row per trainee and the header" "$(printf '%s\n' "$csv" | wc -l)" "5"

# A log with broken lines still gives the report, with a count on stderr.
{ cat "$SIM_LOG"; printf 'garbage\n{"room": {"event": "declare", "trainee": "t1", "score": "x"}}\n\xff\n'; } \
    >"$T_TMP/broken.jsonl"
out=$("$KLAXON" drill --report "$T_TMP/broken.jsonl" 2>"$T_TMP/err")
check_eq "a broken log: exit 0" "$?" "0"
check_contains "a broken log: the bad lines are counted" "$(cat "$T_TMP/err")" "skipped 3 lines"
check_contains "a broken log: the report is still there" "$out" "4 trainees"
"$KLAXON" drill --report "$SIM_LOG" --format pdf 2>"$T_TMP/err"
check_eq "an unknown format: exit 2" "$?" "2"
check_contains "an unknown format: named" "$(cat "$T_TMP/err")" '--format "pdf" is not table, markdown or csv'
finish
