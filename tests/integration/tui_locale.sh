#!/usr/bin/env bash
# The form under a locale that cannot show non-ASCII text (LC_ALL=C, as on a bare bastion or in
# a cron shell): a plan named with accents and a dash is drawn escaped ("Caf\u00e9"), never with
# its letters dropped, and it can still be found and chosen; under UTF-8 the same name is drawn
# as it is.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"
require_klaxon sim

cat >"$T_TMP/plans.json" <<'PLANS'
[{"name": "cafe-outage", "displayName": "Café outage — Zürich",
  "incidentTemplate": {"title": "Café down", "impact": 2}},
 {"name": "minor-bug", "displayName": "Minor bug", "incidentTemplate": {"title": "Bug", "impact": 5}}]
PLANS
start_sim --plans "$T_TMP/plans.json" || exit 1
with_keys="AWS_ACCESS_KEY_ID=$SIM_AKID AWS_SECRET_ACCESS_KEY=$SIM_SECRET AWS_REGION=us-east-1"

TUI_ENV="$with_keys LC_ALL=C" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
tui_wait "Response plan" 20
tui_keys Enter
tui_wait "of 2 plans" 20
screen=$(tui_screen)
check_contains "LC_ALL=C: the name is drawn escaped" "$screen" 'Caf\u00e9 outage \u2014 Z\u00fcrich'
[[ $screen == *"Caf  outage"* ]] && not_ok "LC_ALL=C: no letter dropped" "$screen" \
    || ok "LC_ALL=C: no letter dropped"
tui_type "outage"
tui_wait "1 of 2 plans"
check_contains "LC_ALL=C: found by typing" "$(tui_screen)" 'Z\u00fcrich'
tui_stop

TUI_ENV="$with_keys" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
tui_wait "Response plan" 20
tui_keys Enter
tui_wait "of 2 plans" 20
check_contains "UTF-8: the name is drawn as it is" "$(tui_screen)" "Café outage — Zürich"
tui_stop
finish
