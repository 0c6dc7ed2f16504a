#!/usr/bin/env bash
# After a full run -- keys stored in a real Secret Service and in the file vault, status, signed
# read calls and a declared incident (journal and drafts), --debug logs, refusals and failures --
# no secret byte is anywhere: HOME, the XDG directories, the simulator's log, the captured
# output, or any file written under /tmp, /var/tmp or /dev/shm during the run.
source "$(dirname "$0")/../tools/keyring-session.sh"
keyring_reexec "$0" "$@"
source "$(dirname "$0")/lib.sh"
require_klaxon

random_keys klxScan
random_session_keys klxScanVault # the vault's keys
PASS=klx-scan-vault-$(rand_hex 8)
KEYRING_PASS=klx-scan-keyring-$(rand_hex 8)
export XDG_DATA_HOME="$HOME/.local/share" AWS_REGION=us-east-1
# The run's start, a second early: files written in the same second still count as "newer".
touch -d "@$(($(date +%s) - 1))" "$T_TMP/start"

LOG=$T_TMP/klaxon.log
# A hang guard, not a deadline: under memcheck one vault unlock (scrypt N=2^18) takes ~20 s.
guard=30
[ -n "${KLX_VALGRIND_BIN:-}" ] && guard=180
kx() { # every output of every run ends up in LOG, which the scan reads too
    timeout "$guard" "$KLAXON" "$@" >>"$LOG" 2>&1
    RC=$?
}

check "gnome-keyring-daemon starts" keyring_start "$KEYRING_PASS"
start_sim_keyed "$AKID:$SECRET" "$TEMP_AKID:$TEMP_SECRET:$TOKEN" ||
    { not_ok "simulator"; finish; exit; }
mkdir -p "$HOME/.aws"
printf '[default]\nregion = us-east-1\n[profile vaulted]\nregion = us-east-1\n' >"$HOME/.aws/config"

# ---- The full run ----
kx credentials set < <(printf '%s\n%s\n' "$AKID" "$SECRET")
check_eq "keys stored in the Secret Service" "$RC" 0
kx credentials status
kx --debug --endpoint-url "$SIM_URL" list-response-plans
check_eq "signed read call with the stored keys (--debug)" "$RC" 0
arn=$(grep -o '"arn": "arn:aws:ssm-incidents::[^"]*response-plan/[^"]*"' "$LOG" | head -n 1 |
    sed 's/.*: "//; s/"$//')
check "a response plan ARN came back" test -n "$arn"
kx --debug --endpoint-url "$SIM_URL" get-response-plan --arn "$arn"
kx --debug --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$arn" --impact 3 \
    --title "keyring scan drill"
check_eq "an incident declared with the stored keys (--debug)" "$RC" 0
kx --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$arn" --impact 3 \
    --title "dry run" --dry-run

export KLAXON_KEYRING=file KLAXON_VAULT_PASSPHRASE=$PASS
kx --profile vaulted credentials set < <(printf '%s\n%s\n%s\n' "$TEMP_AKID" "$TEMP_SECRET" "$TOKEN")
check_eq "temporary keys with a token stored in the vault" "$RC" 0
kx --profile vaulted credentials status
kx --debug --profile vaulted --endpoint-url "$SIM_URL" list-response-plans
check_eq "signed call with the vault's keys and token (--debug)" "$RC" 0
KLAXON_VAULT_PASSPHRASE=not-it kx --debug --profile vaulted --endpoint-url "$SIM_URL" \
    list-response-plans
check_eq "a wrong passphrase fails cleanly" "$RC" 3
kx --profile vaulted credentials set < <(printf '%s\n%s\n' "$TEMP_AKID" "$(head -c 20000 /dev/zero | tr '\0' x)")
kx --profile vaulted credentials set < <(printf '%s\n%s with spaces\n' "$TEMP_AKID" "$TEMP_SECRET")
check_eq "a refused input" "$RC" 2
unset KLAXON_KEYRING KLAXON_VAULT_PASSPHRASE

AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET kx --debug --endpoint-url "$SIM_URL" \
    list-response-plans
check_eq "environment keys (--debug)" "$RC" 0
keyring_lock
kx --endpoint-url "$SIM_URL" list-response-plans
kx credentials status
check "unlocking again" keyring_unlock "$KEYRING_PASS"
kx credentials delete
check_eq "deleted from the Secret Service" "$RC" 0

# ---- The scan ----
patterns() { printf '%s\n' "$SECRET" "$TEMP_SECRET" "$TOKEN" "$PASS" "$KEYRING_PASS"; }
# scan NAME PATH...: every path exists and no file under them holds any secret. A path that is
# not there would make grep find nothing and the scan pass without having read a byte.
scan() {
    local name=$1 hits p missing=()
    shift
    for p in "$@"; do [ -e "$p" ] || missing+=("$p"); done
    if [ ${#missing[@]} -gt 0 ]; then
        not_ok "no secret bytes in $name" "not there to scan: ${missing[*]}"
        return
    fi
    hits=$(grep -r -l -a -F -f <(patterns) -- "$@")
    if [ -z "$hits" ]; then ok "no secret bytes in $name"
    else not_ok "no secret bytes in $name" $hits; fi
}
# holds NAME FILE TEXT: the scanned file is the one the run wrote to (it holds the run's output).
holds() { check "$1" grep -q -a -F -- "$3" "$2"; }
check "the run wrote output to scan" test -s "$LOG"
holds "klaxon's log holds the run's output (the plan ARN)" "$LOG" "$arn"
holds "klaxon's log holds the --debug output" "$LOG" "$AKID"
holds "the simulator's log holds the run's requests (the keyring's key id)" "$SIM_LOG" "$AKID"
holds "the simulator's log holds the run's requests (the vault's key id)" "$SIM_LOG" "$TEMP_AKID"
holds "the simulator's log holds the declared incident" "$SIM_LOG" "keyring scan drill"
check "the journal of the declaration is under XDG_STATE_HOME" \
    grep -rqa -F "keyring scan drill" "$XDG_STATE_HOME"
check "the keyring kept its file under HOME" test -e "$XDG_DATA_HOME/keyrings/login.keyring"
check "the vault exists under XDG_DATA_HOME" test -e "$XDG_DATA_HOME/klaxon/vault"
scan "HOME (keyring file, vault, AWS files, state, caches)" "$HOME"
scan "the XDG directories the run wrote" "$XDG_DATA_HOME" "$XDG_STATE_HOME" \
    "${XDG_RUNTIME_DIR:-/nonexistent/XDG_RUNTIME_DIR-unset}"
# The command-line run writes no configuration and no cache (the form's plan cache): scanned if
# something did appear there, reported (not counted) if not.
for d in "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"; do
    if [ -e "$d" ]; then scan "$d" "$d"; else echo "note: $d was never written, nothing to scan"; fi
done
scan "klaxon's output and --debug logs" "$LOG"
scan "the simulator's request log" "$SIM_LOG"
scan "the test's temp directory" "$T_TMP"
fresh=$(find /tmp /var/tmp /dev/shm -xdev -type f -newer "$T_TMP/start" -size -64M \
    -readable 2>/dev/null | grep -v -F "$T_TMP/")
if [ -n "$fresh" ]; then
    hits=$(xargs -d '\n' grep -l -a -F -f <(patterns) -- <<<"$fresh" 2>/dev/null)
    if [ -z "$hits" ]; then ok "no secret bytes in files written under /tmp, /var/tmp, /dev/shm"
    else not_ok "no secret bytes in files written under /tmp, /var/tmp, /dev/shm" $hits; fi
else
    ok "no secret bytes in files written under /tmp, /var/tmp, /dev/shm (none written)"
fi
# The scan itself can fail: the same grep finds a planted secret.
printf 'x%sx\n' "$SECRET" >"$T_TMP/planted"
hits=$(grep -r -l -a -F -f <(patterns) -- "$T_TMP" 2>/dev/null)
check_eq "the scan finds a planted secret" "$hits" "$T_TMP/planted"
rm -f "$T_TMP/planted"
finish
