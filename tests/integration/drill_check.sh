#!/usr/bin/env bash
# klaxon drill --check and --list: the bundled scenarios pass; a broken file is refused with
# exit 2, naming the file, the scenario and the field of each problem.
source "$(dirname "$0")/lib.sh"
require_klaxon
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

out=$("$KLAXON" drill --check "$ROOT"/scenarios/*.json 2>&1)
check_eq "every bundled scenario passes --check" "$?" "0"
check_eq "one ok line per bundled scenario" "$(grep -c ': ok$' <<<"$out")" \
    "$(ls "$ROOT"/scenarios/*.json | wc -l)"

bad="$T_TMP/bad.json"
sed -e 's/"impact": 2,/"impact": 9,/' \
    "$ROOT/scenarios/orders-db-failover.json" >"$bad"
sed -i 's/"faults": {}/"faults": {"explode": 1}/' "$bad"
out=$("$KLAXON" drill --check "$bad" 2>&1)
check_eq "a broken scenario exits 2" "$?" "2"
check_contains "the model's impact is named" "$out" \
    "$bad: scenario orders-db-failover: model.impact: must be between 1 and 5 (is 9)"
check_contains "the unknown fault is named" "$out" \
    "$bad: scenario orders-db-failover: faults.explode: unknown fault"

sed -e 's/"keys_target": 230/"keys_target": 0/' "$ROOT/scenarios/orders-db-failover.json" \
    >"$T_TMP/keys.json"
out=$("$KLAXON" drill --check "$T_TMP/keys.json" 2>&1)
check_eq "a keys target of 0 exits 2" "$?" "2"
check_contains "the keys target is named" "$out" \
    "$T_TMP/keys.json: scenario orders-db-failover: expected.keys_target: must be a whole number from 1 to 10000"
grep -v '"keys": ' "$ROOT/scenarios/orders-db-failover.json" >"$T_TMP/nokeys.json"
out=$("$KLAXON" drill --check "$T_TMP/nokeys.json" 2>&1)
check_contains "a keys target needs its explanation" "$out" \
    "$T_TMP/nokeys.json: scenario orders-db-failover: explanation.keys: missing (expected.keys_target is set"

printf '{"id": ' >"$T_TMP/nojson.json"
out=$("$KLAXON" drill --check "$T_TMP/nojson.json" 2>&1)
check_eq "not JSON exits 2" "$?" "2"
check_contains "not JSON is said" "$out" "$T_TMP/nojson.json: not JSON: line 1"

out=$("$KLAXON" drill --list)
check_contains "--list shows id, level and title" "$out" \
    "checkout-down                medium   Checkout returns 500 for every customer"
out=$(KLAXON_SCENARIOS_DIR="$T_TMP/none" "$KLAXON" drill --list 2>&1)
check_contains "a missing scenarios directory is named" "$out" "$T_TMP/none"

out=$("$KLAXON" drill no-such-scenario 2>&1)
check_eq "an unknown scenario exits 2" "$?" "2"
check_contains "an unknown scenario is named" "$out" 'no scenario "no-such-scenario"'
out=$("$KLAXON" drill --history)
check_contains "no attempts yet" "$out" "No drill attempts yet"
finish
