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
    tui_pick_plan "$1"
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
check_contains "the form's key line offers the brief" "$(tui_screen)" "F2 Brief"
tui_keys 2 Tab C-u
tui_type "Orders DB"
# F2 mid-title: the brief over the form; Esc comes back with the title as it was.
tui_keys F2
tui_wait "Brief: orders-db-failover"
brief=$(tui_screen)
check_contains "F2 shows the page" "$brief" "Page:     [PagerDuty] CRITICAL orders-prod-db"
check_contains "F2 shows the symptoms" "$brief" "- Writer CPU at 92% since the failover started"
check_contains "F2 shows the links" "$brief" "https://wiki.example.com/runbooks/orders-db-failover"
check_contains "the brief's key line says how back" "$brief" "Esc/F2 Back"
tui_keys Escape
tui_wait_gone "Brief: orders-db-failover"
tui_type " failover: replica lag"
tui_wait "Orders DB failover: replica lag"
check "the title typed before F2 is kept" grep -q "> Title *Orders DB failover: replica lag " \
    <<<"$(tui_screen)"
# F2 again, and F2 closes it too.
tui_keys F2
tui_wait "Brief: orders-db-failover"
tui_keys F2
tui_wait_gone "Brief: orders-db-failover"
# A validation problem met and fixed: unfolded trigger details want a source; folding them
# away (they are not sent) fixes it.
tui_keys Tab Tab Enter
tui_wait "^ is required"
tui_keys Enter
tui_wait_gone "^ is required"
tui_keys BTab Enter
tui_fill_item M "Orders DB dashboard" "$DASH"
tui_keys F10
tui_wait "1 of 100"
declare_and_quit
out=$(tui_tmux capture-pane -p -S -200 -J)
check_contains "full marks" "$out" "SCORE CARD  orders-db-failover: 8 of 8"
# 167: every key sent after the brief's Enter, on every screen (F2, Esc and the brief's own too).
check_contains "the keys are counted against the target" "$out" \
    "[pass] keys: 167 keys pressed; the target is 230."
check_contains "the keys point is explained" "$out" "most of them the dashboard link"
check_contains "the problem met and fixed is counted" "$out" \
    "[pass] validation: 1 validation problem met, 1 fixed before the declaration."
check_contains "the validation point is explained" "$out" "the form teaching"
check_contains "the plan's explanation is shown" "$out" "The database team owns the failover"
check_contains "the model declaration is shown" "$out" "The model declaration:"
check "no point lost" bash -c '! grep -q "^\[LOST\]" <<<"$1"' _ "$out"

# 2. A wrong answer: the critical-outage plan at impact 1, its template title, no item.
open_drill "critical"
declare_and_quit
out=$(tui_tmux capture-pane -p -S -200 -J)
check_contains "four of eight" "$out" "SCORE CARD  orders-db-failover: 4 of 8"
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
check_contains "no validation problem met" "$out" "[pass] validation: No validation problem met."
tui_stop

# Both attempts kept, 0600, and listed.
dir="$XDG_STATE_HOME/klaxon/drills"
check_eq "two attempts kept" "$(ls "$dir" | wc -l)" "2"
check_eq "attempts are 0600" "$(stat -c %a "$dir"/*.json | sort -u)" "600"
hist=$("$KLAXON" drill --history)
check_contains "--history lists the full-marks attempt" "$hist" "orders-db-failover             8/8"
check_contains "--history lists the wrong attempt" "$hist" "orders-db-failover             4/8"
check_contains "--history shows the best time" "$hist" "Best full-marks times:"

# At 80x24 the brief is taller than the box: it says so and scrolls; the key line keeps Quit.
tui_start 80 24 "$KLAXON" drill orders-db-failover
tui_wait "Press Enter to start the clock"
tui_keys Enter
tui_wait "TRAINING" && tui_wait "^C Quit"
tui_keys F2
tui_wait "More below: Down."
tui_keys Down Down Down Down Down Down
tui_wait "runbooks/orders-db-failover"
tui_wait "More above: Up."
tui_keys Escape
tui_wait_gone "Brief: orders-db-failover"
tui_keys C-c # nothing typed: leaves at once
check_eq "quitting a drill exits 1" "$(tui_wait_exit 20)" "1"
tui_stop
finish
