#!/usr/bin/env bash
# --plain drills through a pipe (screen readers, scripts): the brief, the prompts, the score card.
# checkout-down throttles the first two StartIncident calls: the retries point is earned without
# a second incident. access-denied refuses every call: the right outcome is no incident.
source "$(dirname "$0")/lib.sh"
require_klaxon sim

# The database plan first, so that the next drill proves it is not offered as "recent".
printf '%s\n' "" 2 2 "Orders DB failover" "" n y |
    "$KLAXON" --plain drill orders-db-failover >"$T_TMP/first.out" 2>&1
check_contains "a first plain drill declares" "$(cat "$T_TMP/first.out")" "Declared."

answers() {
    printf '%s\n' "" 1 1 "Checkout down: HTTP 500 since the 11:58 deploy" \
        a OTHER "Status page" 1 "https://status.example.com/admin/incidents/new" \
        a ATTACHMENT "Support screenshot" 1 \
        "https://s3.eu-west-1.amazonaws.com/support-uploads/checkout-500.png" "" n y
}
out=$(answers | "$KLAXON" --plain drill checkout-down 2>&1)
check_eq "plain drill: exit status 0" "$?" "0"
check_contains "the brief is shown" "$out" "checkout-api: 5xx rate 98%"
check_contains "no plan is offered as recent" "$out" "1) Critical outage"
check_contains "full marks" "$out" "SCORE CARD  checkout-down: 6 of 6"
check_contains "the throttled attempts are counted, one incident" "$out" \
    "[pass] retries: 2 failed attempts retried without a second incident."

out=$(printf '%s\n' "" | "$KLAXON" --plain drill access-denied 2>&1)
check_contains "the refusal is met" "$out" "is not authorized to perform"
check_contains "no incident is the right outcome" "$out" "SCORE CARD  access-denied: 1 of 1"
check_contains "its explanation follows" "$out" "AccessDenied does not go away by retrying"
# A scenario with plans of its own: klaxon-sim --scenarios serves them, throttled then failed.
answers() {
    printf '%s\n' "" 2 3 "Search partial results during eu-west-1 outage" \
        a PARENT "Regional outage" 1 \
        "arn:aws:ssm-incidents::111122223333:incident-record/regional-outage/0d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d" \
        a INCIDENT "PagerDuty" 3 "https://example.pagerduty.com/incidents/Q1SEARCH7" "" n y
}
out=$(answers | "$KLAXON" --plain drill search-under-region-outage 2>&1)
check_contains "the scenario's own plans are served" "$out" "Search degraded (search-degraded)"
check_contains "the bundled catalogue is not" "$out" "1) Regional outage (regional-outage)"
check_contains "full marks through a throttle and a failure" "$out" \
    "SCORE CARD  search-under-region-outage: 6 of 6"
check_contains "two failed attempts, one incident" "$out" \
    "[pass] retries: 2 failed attempts retried without a second incident."

# A scenario file is outside text: escape sequences in it are shown, never sent to the terminal.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
sed 's/"page": "/"page": "\\u001b[2J\\u001b]0;pwned\\u0007 /' \
    "$ROOT/scenarios/orders-db-failover.json" >"$T_TMP/esc.json"
out=$(printf '\n' | "$KLAXON" --plain drill "$T_TMP/esc.json" 2>&1)
check_contains "the escape is shown as text" "$out" 'Page:     \x1b[2J\x1b]0;pwned\x07 [PagerDuty]'
check "no raw ESC byte reaches the terminal" bash -c '! grep -q $'"'"'\x1b'"'"' <<<"$1"' _ "$out"
finish
