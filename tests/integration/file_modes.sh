#!/usr/bin/env bash
# Every file klaxon and klaxon-sim create is 0600 (directories 0700) even under umask 000: the
# draft, the journal (start-incident), the plan cache, the recent plans, the file vault and the
# simulator's log.
# A file an older umask left wider is narrowed when written again. No secret is in any of them.
source "$(dirname "$0")/lib.sh"
require_klaxon sim
umask 000
AKID=AKIA$(rand_hex 8 | tr a-f A-F)
SECRET=klxModes/$(rand_hex 16)
PASS=klx-modes-$(rand_hex 8)
STATE=$XDG_STATE_HOME/klaxon CACHE=$XDG_CACHE_HOME/klaxon
PLAN=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage

mode() { stat -c %a "$1" 2>/dev/null || echo missing; }
check_mode() { check_eq "$1 is $3" "$(mode "$2")" "$3"; }

# The simulator takes the keys from a file kept out of the process list.
start_sim_keyed "$AKID:$SECRET" || { not_ok "simulator"; finish; exit; }
check_mode "the simulator's log" "$SIM_LOG" 600
export AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET AWS_REGION=us-east-1

# ---- The form (--plain reads answers from a pipe): declare, then leave one half typed ----
out=$(printf '%s\n' 1 3 "Modes: declared" "" n y |
    timeout 60 "$KLAXON" --plain --endpoint-url "$SIM_URL" 2>&1)
check_eq "a declaration through the form exits 0" "$?" 0
check_contains "... and declares" "$out" "Declared. Incident ARN:"
check_mode "the state directory" "$STATE" 700
check_mode "the cache directory" "$CACHE" 700
check_mode "the recent plans" "$STATE/recent-plans" 600
cache=$(find "$CACHE" -name "plans-*.json" 2>/dev/null | head -n 1)
check "the plan list is cached" test -n "$cache"
check_mode "the plan cache" "${cache:-$CACHE/none}" 600

printf '%s\n' 2 4 "Modes: half typed" | timeout 60 "$KLAXON" --plain --endpoint-url "$SIM_URL" \
    >/dev/null 2>&1
check_eq "end of input leaves the form with 1" "$?" 1
check "the draft is kept" grep -q "Modes: half typed" "$STATE/draft.json"
check_mode "the draft" "$STATE/draft.json" 600

# ---- The journal (start-incident), then wider files from an older umask narrowed ----
sic() {
    timeout 60 "$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" \
        --title "$1" >/dev/null 2>&1
}
sic "Modes: first"
check_eq "start-incident exits 0" "$?" 0
check_mode "the journal" "$STATE/journal.jsonl" 600
check "... which recorded it" grep -q "Modes: first" "$STATE/journal.jsonl"
chmod 644 "$STATE/journal.jsonl" "$STATE/draft.json"
sic "Modes: second"
check_mode "a 0644 journal after start-incident" "$STATE/journal.jsonl" 600
# The journal's own directory, made by start-incident alone (nothing else has run there).
fresh="$T_TMP/state-journal-only"
XDG_STATE_HOME=$fresh timeout 60 "$KLAXON" --endpoint-url "$SIM_URL" start-incident \
    --response-plan-arn "$PLAN" --title "Modes: fresh state" >/dev/null 2>&1
check_eq "start-incident into a fresh state directory exits 0" "$?" 0
check_mode "the journal's directory, made by start-incident" "$fresh/klaxon" 700
check_mode "... and its journal" "$fresh/klaxon/journal.jsonl" 600
check "... which recorded it" grep -q "Modes: second" "$STATE/journal.jsonl"
printf '%s\n' y "" "" "Modes: resumed" | timeout 60 "$KLAXON" --plain --endpoint-url "$SIM_URL" \
    >/dev/null 2>&1
check "the draft was saved again" grep -q "Modes: resumed" "$STATE/draft.json"
check_mode "a 0644 draft saved again" "$STATE/draft.json" 600

# ---- The file vault ----
export XDG_DATA_HOME=$HOME/.local/share
printf '%s\n%s\n' "$AKID" "$SECRET" | KLAXON_KEYRING=file KLAXON_VAULT_PASSPHRASE=$PASS \
    timeout 60 setsid -w "$KLAXON" credentials set >/dev/null 2>&1
check_eq "credentials set into a new vault exits 0" "$?" 0
check_mode "the vault" "$XDG_DATA_HOME/klaxon/vault" 600
check_mode "its directory" "$XDG_DATA_HOME/klaxon" 700

# ---- Everything, including files added later: 0600, and no secret in the clear ----
wide=$(find "$STATE" "$CACHE" "$XDG_DATA_HOME/klaxon" "$SIM_LOG" -type f ! -perm 600 2>/dev/null)
check_eq "no klaxon file is wider than 0600" "$wide" ""
wide=$(find "$STATE" "$CACHE" "$XDG_DATA_HOME/klaxon" -type d ! -perm 700 2>/dev/null)
check_eq "no klaxon directory is wider than 0700" "$wide" ""
n=$(find "$STATE" "$CACHE" "$XDG_DATA_HOME/klaxon" -type f | wc -l)
check "at least the five files above were looked at ($n)" test "$n" -ge 5
leaks=$(grep -rlaF -e "$SECRET" -e "$PASS" "$HOME" "$SIM_LOG" 2>/dev/null)
check_eq "no secret key or passphrase in any file" "$leaks" ""
leaks=$(grep -rlaF -e "$AKID" "$STATE" "$CACHE" "$XDG_DATA_HOME/klaxon" 2>/dev/null)
check_eq "not even the key id in drafts, journal, caches or the vault" "$leaks" ""
finish
