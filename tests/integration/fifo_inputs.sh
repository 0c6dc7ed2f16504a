#!/usr/bin/env bash
# A FIFO (or a device) where a file is expected ends the command with a message naming the file
# and the exit code of that kind of error; it never waits for a writer. Each run is under
# `timeout 20`: a timeout (exit 124) is a failure. Covered: the credentials and config files,
# --ca-bundle and AWS_CA_BUNDLE, --cli-input-json file://, the journal (history and
# start-incident), and klaxon-sim's --plans, --credentials-file and --tls-cert.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../tools/certs.sh"
require_klaxon sim
FIFO=$T_TMP/fifo
mkfifo "$FIFO"
NONE=$T_TMP/none
PLAN=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage

# run CMD...: runs it under timeout 20; sets RC and ERR (stderr).
run() {
    timeout 20 "$@" >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
    RC=$?
    ERR=$(cat "$T_TMP/err")
}
# requests: how many requests reached the simulator's handler.
requests() { if [ -f "$SIM_LOG" ]; then grep -c . "$SIM_LOG"; else echo 0; fi; }
# ended NAME WANT_RC WHAT: the last run ended with WANT_RC and a message naming FIFO as WHAT.
ended() {
    check_eq "$1: exit $2 (124 would be a hang)" "$RC" "$2"
    check_contains "$1: the message names the file" "$ERR" "$FIFO is $3, not a regular file"
}

# ---- AWS files: unreadable, they are warned of and skipped; with no keys left, exit 3 ----
start_sim || { not_ok "simulator"; finish; exit; }
AWS_SHARED_CREDENTIALS_FILE=$FIFO AWS_CONFIG_FILE=$NONE run "$KLAXON" --region us-east-1 \
    --endpoint-url "$SIM_URL" list-response-plans
ended "credentials file is a FIFO" 3 "a FIFO"
AWS_CONFIG_FILE=$FIFO AWS_SHARED_CREDENTIALS_FILE=$NONE run "$KLAXON" --region us-east-1 \
    --endpoint-url "$SIM_URL" list-response-plans
ended "config file is a FIFO" 3 "a FIFO"
# A device is refused by what it is, not read until the cap.
FIFO=/dev/zero AWS_SHARED_CREDENTIALS_FILE=/dev/zero AWS_CONFIG_FILE=$NONE run "$KLAXON" \
    --region us-east-1 --endpoint-url "$SIM_URL" list-response-plans
FIFO=/dev/zero ended "credentials file is /dev/zero" 3 "a character device"

# ---- --cli-input-json file://: a usage error, exit 2 ----
run "$KLAXON" start-incident --cli-input-json "file://$FIFO" --dry-run
ended "--cli-input-json file:// is a FIFO" 2 "a FIFO"

# ---- The journal: history cannot read it (exit 2); a declaration warns and goes on ----
mkdir -p "$XDG_STATE_HOME/klaxon"
mkfifo "$XDG_STATE_HOME/klaxon/journal.jsonl"
FIFO=$XDG_STATE_HOME/klaxon/journal.jsonl
run "$KLAXON" history
check_eq "history with a FIFO journal: exit 2" "$RC" 2
check_contains "... names the journal" "$ERR" "$FIFO"
use_sim_keys
run "$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" \
    --title "FIFO journal" --impact 3
check "start-incident with a FIFO journal ends (exit $RC)" test "$RC" -ne 124
check_contains "... and says why the journal cannot hold it" "$ERR" "$FIFO is a FIFO"
rm -f "$FIFO"
FIFO=$T_TMP/fifo
kill "$SIM_PID"

# ---- CA bundle: a TLS setup error, exit 5, and nothing sent ----
if certs_make "$T_TMP/certs" &&
    start_sim --tls-cert "$T_TMP/certs/good.pem" --tls-key "$T_TMP/certs/good.key"; then
    run "$KLAXON" --endpoint-url "$SIM_URL" --ca-bundle "$FIFO" list-response-plans
    ended "--ca-bundle is a FIFO" 5 "a FIFO"
    AWS_CA_BUNDLE=$FIFO run "$KLAXON" --endpoint-url "$SIM_URL" list-response-plans
    ended "AWS_CA_BUNDLE is a FIFO" 5 "a FIFO"
    check_eq "... no request reached the service" "$(requests)" 0
    run "$KLAXON" --endpoint-url "$SIM_URL" --ca-bundle "$T_TMP/certs/ca.pem" list-response-plans
    check_eq "the same call with the real bundle works" "$RC" 0
    kill "$SIM_PID"
else
    not_ok "an HTTPS simulator with test certificates"
fi

# ---- klaxon-sim: plans exit 1 (cannot start), credentials file exit 2 (usage) ----
run "$KLAXON_SIM" --port 0 --plans "$FIFO"
ended "klaxon-sim --plans is a FIFO" 1 "a FIFO"
run "$KLAXON_SIM" --port 0 --credentials-file "$FIFO"
ended "klaxon-sim --credentials-file is a FIFO" 2 "a FIFO"
run "$KLAXON_SIM" --port 0 --tls-cert "$FIFO" --tls-key "$FIFO"
ended "klaxon-sim --tls-cert is a FIFO" 1 "a FIFO"
finish
