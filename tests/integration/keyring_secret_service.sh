#!/usr/bin/env bash
# Credentials in the Secret Service, against a real gnome-keyring-daemon in a private D-Bus
# session: set, status, signed calls with the stored keys, bad input that leaves them untouched,
# profiles, session tokens, delete, a locked collection, and a daemon that stops answering.
# valgrind: skip: its checks are the Secret Service deadlines (1.5 s / 3 s), which memcheck's slowdown overruns
source "$(dirname "$0")/../tools/keyring-session.sh"
keyring_reexec "$0" "$@"
source "$(dirname "$0")/lib.sh"
require_klaxon

random_keys klxTest
random_session_keys klxTemp
KEYRING_PASS=klx-keyring-$(rand_hex 8)
MASK="****${AKID: -4}"

# kx ARGS...: run klaxon; OUT, ERR, RC. Never hangs the suite: 20 s is "hung".
kx() {
    timeout 20 "$KLAXON" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
    RC=$?
    OUT=$(cat "$T_TMP/out")
    ERR=$(cat "$T_TMP/err")
}
no_secrets() { # NAME TEXT
    if [[ $2 == *"$SECRET"* || $2 == *"$TEMP_SECRET"* || $2 == *"$TOKEN"* || $2 == *"$AKID"* ]]; then
        not_ok "$1: no secret or full key id in the output"
    else
        ok "$1: no secret or full key id in the output"
    fi
}

check "gnome-keyring-daemon starts with an unlocked login collection" keyring_start "$KEYRING_PASS"
if keyring_is_locked; then not_ok "the login collection starts unlocked"; else
    ok "the login collection starts unlocked"; fi

# The simulator accepts our random keys (file, so they stay out of the process list), then
# forgets where they came from.
start_sim_keyed "$AKID:$SECRET" "$TEMP_AKID:$TEMP_SECRET:$TOKEN" ||
    { not_ok "simulator"; finish; exit; }
export AWS_REGION=us-east-1
mkdir -p "$HOME/.aws"
printf '[profile temp]\nregion = us-east-1\n[profile wrong]\nregion = us-east-1\n' \
    >"$HOME/.aws/config"
signed_call() { kx "$@" --endpoint-url "$SIM_URL" list-response-plans; }

# ---- Nothing stored yet ----
kx credentials status
check_eq "status with nothing stored exits 3" "$RC" 3
check_contains "status names the backend and why" "$OUT" \
    "secret-service, because a Secret Service answered"
check_contains "status says the default collection is unlocked" "$OUT" '"Login" (unlocked)'
check_contains "status: nothing stored" "$OUT" 'nothing stored for profile "default"'
signed_call
check_eq "a call with nothing stored: no credentials (3)" "$RC" 3

# ---- set from stdin ----
kx credentials set < <(printf '%s\n%s\n' "$AKID" "$SECRET")
check_eq "set from stdin exits 0" "$RC" 0
check_contains "set confirms with the masked key id" "$OUT" "(key id $MASK) in the Secret Service"
no_secrets "set" "$OUT$ERR"
check_eq "one unlocked item of klaxon's schema for the profile" "$(keyring_items default)" "1 0"

kx credentials status
check_eq "status with keys stored exits 0" "$RC" 0
check_contains "status shows the masked key id" "$OUT" "stored:   key id $MASK, no session token"
check_contains "status marks the keyring as the source in use" "$OUT" \
    "keyring: keys for profile \"default\" in the Secret Service (key id $MASK)   <- in use"
check_contains "status walks the rest of the chain" "$OUT" "imds: "
no_secrets "status" "$OUT$ERR"

signed_call
check_eq "a signed call with the stored keys succeeds" "$RC" 0
check_contains "the call returned the plans" "$OUT" responsePlanSummaries
signed_call --debug
check_eq "the same call with --debug" "$RC" 0
# The key id is in every Authorization header (as in the AWS CLI's --debug); secrets never.
if [[ "$OUT$ERR" == *"$SECRET"* ]]; then not_ok "--debug output has no secret"; else
    ok "--debug output has no secret"; fi

# ---- Bad input: refused, the stored keys untouched ----
refuse() { # NAME WANT-IN-STDERR (stdin from the caller)
    kx credentials set
    check_eq "refused: $1 (exit 2)" "$RC" 2
    check_contains "refused: $1 (message)" "$ERR" "$2"
    no_secrets "refused: $1" "$OUT$ERR"
}
refuse "empty key id" "access key id is empty" < <(printf '\n%s\n' "$SECRET")
refuse "whitespace-only key id" "only whitespace" < <(printf '   \t \n%s\n' "$SECRET")
refuse "whitespace-only secret" "secret access key is only whitespace" < <(printf '%s\n \t \n' "$AKID")
refuse "no secret line" "secret access key is empty" < <(printf '%s\n' "$AKID")
refuse "empty input" "access key id is empty" </dev/null
refuse "lower-case key id" "not an AWS access key id" < <(printf 'akiaiosfodnn7example\n%s\n' "$SECRET")
refuse "15-character key id" "16 to 128 characters" < <(printf 'AKIA01234567890\n%s\n' "$SECRET")
refuse "secret pasted as key id" "not an AWS access key id" < <(printf '%s\n%s\n' "$SECRET" "$SECRET")
refuse "secret with a space inside" "visible ASCII" < <(printf '%s\nklx secret with spaces 1234\n' "$AKID")
refuse "five lines" "more than 4 lines" < <(printf '%s\n%s\n%s\n2099-01-01T00:00:00Z\nextra\n' "$AKID" "$SECRET" "$TOKEN")
refuse "expiration without a token" "goes with a session token" < <(printf '%s\n%s\n\n2099-01-01T00:00:00Z\n' "$AKID" "$SECRET")
refuse "expiration in the past" "in the past" < <(printf '%s\n%s\n%s\n2001-01-01T00:00:00Z\n' "$AKID" "$SECRET" "$TOKEN")
refuse "expiration not a time" "ISO 8601" < <(printf '%s\n%s\n%s\nsoon\n' "$AKID" "$SECRET" "$TOKEN")
refuse "a NUL byte" "NUL byte" < <(printf '%s\n%s\0\n' "$AKID" "$SECRET")
refuse "a 10 MB line" "line 1 of stdin is longer than 8192 bytes" \
    < <(head -c 10485760 /dev/zero | tr '\0' A)
refuse "a 10 MB second line" "line 2 of stdin is longer than 8192 bytes" \
    < <(printf '%s\n' "$AKID"; head -c 10485760 /dev/zero | tr '\0' x)
kx credentials set "$AKID" "$SECRET" </dev/null
check_eq "keys on the command line are refused (exit 2)" "$RC" 2
check_contains "... saying why" "$ERR" "never taken from the command line"
kx credentials frobnicate </dev/null
check_eq "an unknown subcommand is a usage error" "$RC" 2
kx credentials set --profile "" </dev/null
check_eq "an empty profile name is refused" "$RC" 2

kx credentials status
check_contains "after every refusal the stored keys are the same" "$OUT" "stored:   key id $MASK"
check_eq "... still one item" "$(keyring_items default)" "1 0"
signed_call
check_eq "... and still sign calls" "$RC" 0

# ---- Replacing, profiles, session tokens ----
kx credentials set < <(printf '  %s  \r\n%s\r\n' "$AKID" "$SECRET")
check_eq "set again (blanks and CRLF around the values) replaces the item" "$RC" 0
check_eq "... still exactly one item" "$(keyring_items default)" "1 0"
signed_call
check_eq "... and the trimmed keys sign" "$RC" 0

kx --profile temp credentials set < <(printf '%s\n%s\n%s\n2099-01-01T00:00:00Z\n' \
    "$TEMP_AKID" "$TEMP_SECRET" "$TOKEN")
check_eq "set a temporary key with its session token and expiration" "$RC" 0
kx --profile temp credentials status
check_contains "status shows the token and expiry, not the token" "$OUT" \
    "with a session token, expires 2099-01-01T00:00:00Z"
no_secrets "status of the temporary keys" "$OUT$ERR"
signed_call --profile temp
check_eq "a signed call with the stored session token" "$RC" 0
kx credentials status
check_contains "the default profile is unaffected" "$OUT" "stored:   key id $MASK"

kx credentials set --profile asia-no-token < <(printf '%s\n%s\n' "$TEMP_AKID" "$TEMP_SECRET")
check_eq "an ASIA key without a token is stored" "$RC" 0
check_contains "... with a warning" "$ERR" "needs its session token"
kx credentials delete --profile asia-no-token
check_eq "delete --profile after the command" "$RC" 0

kx --profile wrong credentials set < <(printf '%s\nklxWrong/%s\n' "$AKID" "$(rand_hex 16)")
signed_call --profile wrong
check_eq "a wrong stored secret fails the call (3): the keys do come from the keyring" "$RC" 3
check_contains "... the service's signature check refused them" "$ERR" InvalidSignatureException
AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=klxEnv/$(rand_hex 16) signed_call
check_contains "explicit environment keys win over the keyring" "$ERR" InvalidSignatureException
AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=x kx credentials status
check_contains "... and status says so" "$OUT" "<- in use"
check_contains "... on the environment's line" "$(grep 'in use:' <<<"$OUT")" environment

# ---- delete ----
kx credentials delete
check_eq "delete exits 0" "$RC" 0
check_contains "delete confirms" "$OUT" 'Deleted the keys for profile "default" from the Secret Service'
check_eq "the item is gone" "$(keyring_items default)" "0 0"
kx credentials delete
check_eq "delete with nothing stored exits 3" "$RC" 3
check_contains "... saying so" "$ERR" 'nothing stored for profile "default"'
kx credentials status
check_eq "status after delete exits 3" "$RC" 3
kx --profile temp credentials status
check_eq "other profiles survive a delete" "$RC" 0

# ---- A locked collection: clear message, no prompt, no hang, nothing changed ----
kx credentials set < <(printf '%s\n%s\n' "$AKID" "$SECRET")
keyring_lock
check "the login collection is now locked" keyring_is_locked
kx credentials status
check_eq "status with a locked collection exits 3" "$RC" 3
check_contains "status says it is locked" "$OUT" 'default collection "Login" is locked'
check_contains "... and how to unlock it over SSH" "$OUT" \
    "gnome-keyring-daemon --replace --unlock --components=secrets"
signed_call
check_eq "a call with the stored keys locked away: no credentials (3), no hang" "$RC" 3
check_contains "... naming the locked collection" "$ERR" "locked collection of the Secret Service"
kx credentials set < <(printf '%s\nklxOther/%s\n' "$AKID" "$(rand_hex 16)")
check_eq "set into a locked collection exits 3" "$RC" 3
check_contains "... saying it is locked" "$ERR" "is locked"
kx credentials delete
check_eq "delete from a locked collection exits 3" "$RC" 3
check_eq "the locked item is untouched" "$(keyring_items default)" "0 1"
check "unlocking the way the message says works" keyring_unlock "$KEYRING_PASS"
signed_call
check_eq "after unlocking, the original keys sign again" "$RC" 0

# ---- A daemon that stops answering: the deadline, not a hang ----
kill -STOP "$KEYRING_PID"
kx credentials status
kill -CONT "$KEYRING_PID"
check "status with a frozen daemon returns (no hang)" test "$RC" -ne 124
check_contains "... saying it did not answer in time" "$OUT" "did not answer within"
check_contains "... and offering the vault" "$OUT" "offers an encrypted file vault"
kill -STOP "$KEYRING_PID"
kx credentials set < <(printf '%s\n%s\n' "$AKID" "$SECRET")
kill -CONT "$KEYRING_PID"
check_eq "set with a frozen daemon refuses (no vault without asking)" "$RC" 3
check_contains "... naming KLAXON_KEYRING=file" "$ERR" "KLAXON_KEYRING=file"
check "... and created no vault" test ! -e "$XDG_DATA_HOME/klaxon/vault"

kx credentials delete --profile temp
kx credentials delete --profile wrong
kx credentials delete
check_eq "clean up: every item gone" "$(keyring_items default) $(keyring_items temp)" "0 0 0 0"
finish
