#!/usr/bin/env bash
# klaxon drill end to end in a real terminal: the brief, the form against the simulator, the
# declaration, the score card. A right answer scores full marks; a wrong one loses exactly its
# points with their reasons. Attempts are kept 0600 and listed by --history.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"
require_klaxon sim
DASH="https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=orders-db"

# Brief, Enter, then the plan picker filtered to the database plan.
open_drill() {
    tui_start 120 60 "$KLAXON" drill orders-db-failover
    tui_wait "Press Enter to start the clock"
    check_contains "the brief shows the page" "$(tui_screen)" "ReplicaLag > 300s"
    tui_keys Enter
    tui_wait "TRAINING" && tui_wait "Quit"
    tui_keys Enter
    tui_wait "Choose a response plan"
    tui_type "$1"
    tui_wait "1 of 5 plans"
    tui_keys Enter
    tui_wait "Runbook"
}

declare_and_quit() {
    tui_keys F10
    tui_wait "The request body"
    tui_keys Enter
    tui_wait "Incident declared"
    tui_keys q
    check_eq "exit status 0 (declared)" "$(tui_wait_exit 20)" "0"
}

# 1. The right answer: database plan, impact 2, a title saying "orders", the dashboard.
open_drill "datab"
tui_keys 2 Tab C-u
tui_type "Orders DB failover: replica lag"
tui_keys Tab Enter
tui_wait "New related item"
tui_keys M Tab
tui_type "Orders DB dashboard"
tui_keys Tab Tab
tui_type "$DASH"
tui_keys F10
tui_wait "1 of 100"
declare_and_quit
out=$(tui_tmux capture-pane -p -S -200 -J)
check_contains "full marks" "$out" "SCORE CARD  orders-db-failover: 6 of 6"
check_contains "the plan's explanation is shown" "$out" "The database team owns the failover"
check_contains "the model declaration is shown" "$out" "The model declaration:"
check "no point lost" bash -c '! grep -q "^\[LOST\]" <<<"$1"' _ "$out"

# 2. A wrong answer: the critical-outage plan at impact 1, its template title, no item.
open_drill "critical"
declare_and_quit
out=$(tui_tmux capture-pane -p -S -200 -J)
check_contains "two of six" "$out" "SCORE CARD  orders-db-failover: 2 of 6"
check_contains "the plan is lost with its reason" "$out" \
    "[LOST] plan: critical-outage is not an acceptable plan (acceptable: database-degraded)."
check_contains "the impact is lost with its reason" "$out" \
    "[LOST] impact: Impact 1 is outside the expected 2 to 3: too severe"
check_contains "the missing dashboard is named" "$out" \
    "[LOST] related_items: Missing related item: METRIC with \"dashboards:name=orders-db\"."
check_contains "the title is lost with its reason" "$out" \
    "[LOST] title: The title does not say \"orders\"."
check_contains "time still passes" "$out" "[pass] time: Declared in"
check_contains "one request, one incident" "$out" "[pass] retries: One request, one incident."
tui_stop

# Both attempts kept, 0600, and listed.
dir="$XDG_STATE_HOME/klaxon/drills"
check_eq "two attempts kept" "$(ls "$dir" | wc -l)" "2"
check_eq "attempts are 0600" "$(stat -c %a "$dir"/*.json | sort -u)" "600"
hist=$("$KLAXON" drill --history)
check_contains "--history lists the full-marks attempt" "$hist" "orders-db-failover             6/6"
check_contains "--history lists the wrong attempt" "$hist" "orders-db-failover             2/6"
check_contains "--history shows the best time" "$hist" "Best full-marks times:"
finish
