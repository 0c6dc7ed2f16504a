#!/usr/bin/env bash
# cli/output_model.c is what scripts/gen-output-model writes from the service model in
# tests/data: a model update cannot leave the output order behind unnoticed.
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v python3 >/dev/null; then
    skip "the output order table is current" "no python3"
    finish
    exit
fi
gen=$(python3 "$root/scripts/gen-output-model" "$root/tests/data/service-2.json")
check_eq "the generator ran" "$?" 0
check "the committed output order table is the generator's" \
    cmp -s <(printf '%s\n' "$gen") "$root/cli/output_model.c"
check_contains "it holds every operation klaxon calls" "$gen" '{"StartIncident", &s_StartIncidentOutput},'
finish
