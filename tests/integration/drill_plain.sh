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

# Impact 7 is refused (a validation problem met), then fixed; ?brief at the title shows the
# brief again and asks the title again.
answers() {
    printf '%s\n' "" 1 7 1 "?brief" "Checkout down: HTTP 500 since the 11:58 deploy" \
        a OTHER "Status page" 1 "https://status.example.com/admin/incidents/new" \
        a ATTACHMENT "Support screenshot" 1 \
        "https://s3.eu-west-1.amazonaws.com/support-uploads/checkout-500.png" "" n y
}
out=$(answers | "$KLAXON" --plain drill checkout-down 2>&1)
check_eq "plain drill: exit status 0" "$?" "0"
check_contains "the brief is shown" "$out" "checkout-api: 5xx rate 98%"
check_contains "?brief is offered" "$out" "Drill: ?brief at any question shows the brief again."
brief=$(sed -n '/^Title (at most 200 characters) \[Customer-facing outage\]: ?brief$/,/^Related items/p' \
    <<<"$out")
check_contains "?brief shows the brief's heading" "$brief" "Brief: checkout-down"
check_contains "?brief shows the symptoms" "$brief" \
    "  - A deploy of checkout-api finished at 11:58"
check_contains "?brief shows the links" "$brief" "    https://status.example.com/admin/incidents/new"
check_contains "then the title is asked again" "$brief" \
    "Title (at most 200 characters) [Customer-facing outage]: Checkout down: HTTP 500"
check_contains "no plan is offered as recent" "$out" "1) Critical outage"
check_contains "full marks" "$out" "SCORE CARD  checkout-down: 8 of 8"
check_contains "the throttled attempts are counted, one incident" "$out" \
    "[pass] retries: 2 failed attempts retried without a second incident."
# Each answer's characters and its Enter: 236 keys, ?brief and the refused 7 included.
check_contains "the keys are counted against the target" "$out" \
    "[pass] keys: 236 keys pressed; the target is 290."
check_contains "the keys point is explained" "$out" "pasting each is one key in the form"
check_contains "the refused impact was met and fixed" "$out" \
    "[pass] validation: 1 validation problem met, 1 fixed before the declaration."

# The same answers against a tighter keys target lose the keys point, and only it.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
sed 's/"keys_target": 290/"keys_target": 200/' "$ROOT/scenarios/checkout-down.json" \
    >"$T_TMP/tight.json"
out=$(answers | "$KLAXON" --plain drill "$T_TMP/tight.json" 2>&1)
check_contains "over the keys target: 7 of 8" "$out" "SCORE CARD  checkout-down: 7 of 8"
check_contains "the keys point is lost with its reason" "$out" \
    "[LOST] keys: 236 keys pressed; the target is 200."

out=$(printf '%s\n' "" | "$KLAXON" --plain drill access-denied 2>&1)
check_contains "the refusal is met" "$out" "is not authorized to perform"
check_contains "no incident is the right outcome" "$out" "SCORE CARD  access-denied: 3 of 3"
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
    "SCORE CARD  search-under-region-outage: 8 of 8"
check_contains "two failed attempts, one incident" "$out" \
    "[pass] retries: 2 failed attempts retried without a second incident."

# A scenario file is outside text: escape sequences in it are shown, never sent to the terminal.
sed 's/"page": "/"page": "\\u001b[2J\\u001b]0;pwned\\u0007 /' \
    "$ROOT/scenarios/orders-db-failover.json" >"$T_TMP/esc.json"
out=$(printf '\n' | "$KLAXON" --plain drill "$T_TMP/esc.json" 2>&1)
check_contains "the escape is shown as text" "$out" 'Page:     \x1b[2J\x1b]0;pwned\x07 [PagerDuty]'
check "no raw ESC byte reaches the terminal" bash -c '! grep -q $'"'"'\x1b'"'"' <<<"$1"' _ "$out"
finish
