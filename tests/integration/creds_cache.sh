#!/usr/bin/env bash
# Role sessions cached in the keyring, run twice: under a real gnome-keyring-daemon (the Secret
# Service) and with the file vault and no D-Bus. The MFA code is typed once on a terminal, three
# more calls reuse the session (the simulator's log shows exactly one AssumeRole); status shows
# the session's expiry; delete drops it; no key or token in any plain file. Under the Secret
# Service also: a session five minutes from its end is renewed; one the service refuses is
# dropped and renewed by the next run.
# valgrind: skip: the vault pass opens the vault (scrypt N=2^18) a dozen times, about 20 s each under memcheck; the cache's code runs under memcheck in test_creds_cache
source "$(dirname "$0")/../tools/keyring-session.sh"
keyring_reexec "$0" "$@"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/profiles.bash"
source "$(dirname "$0")/shell_pane.bash"
require_klaxon sim
unset AWS_ENDPOINT_URL_STS KLAXON_VAULT_PASSPHRASE
command -v tmux >/dev/null || { not_ok "tmux installed" "tmux is a test dependency"; finish; exit; }

random_keys klxCache
sim_keys_file "$AKID" "$SECRET"
MFA_ROLE=arn:aws:iam::111122223333:role/mfa
{
    aws_profile base region=us-east-1
    role_profile mfa "$MFA_ROLE" base mfa_serial=arn:aws:iam::111122223333:mfa/alice
    role_profile oncall arn:aws:iam::111122223333:role/oncall base
} >"$T_TMP/config"
export AWS_CONFIG_FILE=$T_TMP/config AWS_SHARED_CREDENTIALS_FILE=$T_TMP/credentials
SESSION_KEYS=() # every session key id the simulator saw, for the scan at the end

# sim [FLAGS]: a fresh simulator (the old one, if any, stopped: it forgets its sessions).
sim() {
    [ -n "${SIM_PID:-}" ] && { kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null; }
    start_sim --credentials-file "$T_TMP/keys/k" "$@" || { finish; exit; }
    export AWS_ENDPOINT_URL_STS=$SIM_URL
}
count() { grep -c "\"operation\":\"$1\"" "$SIM_LOG"; }
note_keys() { mapfile -t -O "${#SESSION_KEYS[@]}" SESSION_KEYS < <(jq -r 'select(.access_key_id | startswith("ASIA")) | .access_key_id' "$SIM_LOG"); }
# kx ARGS: klaxon without a terminal (setsid, stdin /dev/null): an MFA prompt would fail it.
kx() {
    OUT=$(timeout 120 setsid "${KX[@]}" "$@" </dev/null 2>&1)
    RC=$?
}
list() { kx --profile "$1" list-response-plans --endpoint-url "$SIM_URL"; }

run_pass() { # NAME: the keyring under test is chosen by the environment
    local P=$1
    sim
    # The base keys live in the keyring too, as on a bastion; for the vault this creates it.
    printf '%s\n%s\n' "$AKID" "$SECRET" |
        env ${SET_KEYRING:+KLAXON_KEYRING=$SET_KEYRING} "${KX[@]}" credentials set --profile base >/dev/null
    check_eq "$P: the base keys are stored" "$?" 0

    # ---- the MFA code typed once, on a terminal ----
    pane_start "$T_TMP/tmux-$P.sock"
    pane_type "${KX[*]} --profile mfa list-response-plans --endpoint-url $SIM_URL >/dev/null; echo RC=\$?"
    check "$P: the MFA code is asked for" \
        pane_wait "Enter MFA code for arn:aws:iam::111122223333:mfa/alice: " 120
    pane_type 123456
    check "$P: the right code: the call is made (exit 0)" pane_wait "RC=0" 120
    pane_stop

    # ---- three more calls, no terminal: the cached session, no AssumeRole ----
    local i rcs=""
    for i in 1 2 3; do list mfa; rcs+="$RC "; done
    check_eq "$P: three more calls without a terminal succeed" "$rcs" "0 0 0 "
    check_eq "$P: the simulator saw exactly one AssumeRole for four calls" \
        "$(count AssumeRole) $(count ListResponsePlans)" "1 4"

    kx --profile mfa credentials status
    check_eq "$P: status exits 0" "$RC" 0
    check_contains "$P: status names the source" "$OUT" \
        "source:   role, via profile base, with MFA device arn:aws:iam::111122223333:mfa/alice"
    check_contains "$P: ... the role" "$OUT" "role:     $MFA_ROLE"
    check_contains "$P: ... the cached session's expiry" "$OUT" "session:  cached in the keyring, expires 20"
    kx credentials status --all
    check_contains "$P: status --all lists the role profile with its session" "$OUT" \
        "profile mfa"$'\n'"  source:   role, via profile base"
    check_contains "$P: ... and the base profile's stored keys" "$OUT" \
        "profile base"$'\n'"  source:   static keys in the keyring"
    check_eq "$P: status sent nothing" "$(count AssumeRole) $(count ListResponsePlans)" "1 4"

    # The refused and the short session are the cache's logic, whatever keeps it: the vault
    # pass leaves them out (each vault open costs a second of scrypt) unless it is the only pass.
    [ "$P" = vault ] && [ "$ASAN" = 0 ] || refused_and_renewed "$P"
    delete_drops "$P"
}

refused_and_renewed() {
    local P=$1
    # ---- a session the service refuses (the simulator restarted) is dropped, then renewed ----
    list oncall
    check_eq "$P: the second role's first call (exit 0)" "$RC" 0
    note_keys
    sim
    list oncall
    check_eq "$P: the new simulator refuses the cached session: exit 3" "$RC" 3
    check_contains "$P: ... saying it was dropped" "$OUT" "the cached session was dropped from the keyring"
    list oncall
    check_eq "$P: the next run assumes the role again (exit 0)" "$RC" 0
    check_eq "$P: ... with one AssumeRole" "$(count AssumeRole)" 1
    note_keys

    # ---- a session five minutes from its end is renewed on every call ----
    sim --sts-session-seconds 300
    kx --profile oncall credentials delete
    list oncall
    check_eq "$P: a five-minute session is issued (exit 0)" "$RC" 0
    kx --profile oncall credentials status
    check_contains "$P: status says it is renewed on the next call" "$OUT" ": renewed on the next call"
    list oncall
    check_eq "$P: ... and the next call renews it: two AssumeRole for two calls" \
        "$RC $(count AssumeRole) $(count ListResponsePlans)" "0 2 2"
    note_keys
}

delete_drops() {
    local P=$1
    note_keys
    # ---- delete drops the cached session: the next call needs the MFA code again ----
    kx --profile mfa credentials delete
    check_eq "$P: delete exits 0" "$RC" 0
    check_contains "$P: delete says the session was dropped" "$OUT" \
        'Dropped the cached session of profile "mfa".'
    kx --profile mfa credentials status
    check_contains "$P: status: none cached" "$OUT" "session:  none cached"
    list mfa
    check_eq "$P: without its session, the MFA profile needs a terminal again: exit 3" "$RC" 3
    check_contains "$P: ... saying so" "$OUT" "there is no terminal to ask for it on"
    kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null; SIM_PID=
}

# Under AddressSanitizer, LeakSanitizer's tracer once crashed (exit 134) in about one process
# in a hundred that loaded GLib, scanning its threads' TLS at exit; keyring-session.sh turns that
# scan off and suppresses GLib's own blocks (tests/tools/lsan-glib.supp), so both passes run.
ASAN=0
grep -q -a __asan_init "$KLAXON" 2>/dev/null && ASAN=1
check "gnome-keyring-daemon starts" keyring_start "klx-keyring-$(rand_hex 8)"
KX=("$KLAXON")
run_pass secret-service
check_eq "secret-service: the sessions are items of klaxon's schema, dropped by delete" \
    "$(gdbus call --session --dest "$KEYRING_BUS" --object-path /org/freedesktop/secrets \
        --method org.freedesktop.Secret.Service.SearchItems \
        "{'xdg:schema': 'io.klaxon.Credentials'}" |
        grep -o "'/org/freedesktop/secrets/collection/[^']*'" | wc -l | tr -d ' ')" 2

# The same with the file vault and no D-Bus at all (a bastion over SSH).
export KLAXON_VAULT_PASSPHRASE="klx-vault-$(rand_hex 8)"
KX=(env -u DBUS_SESSION_BUS_ADDRESS "$KLAXON")
SET_KEYRING=file run_pass vault
check "vault: the vault exists, encrypted, mode 0600" \
    test "$(stat -c %a "$XDG_DATA_HOME/klaxon/vault" 2>/dev/null)" = 600

# ---- no session key, session token or base secret in any plain file ----
check "session keys were seen" test "${#SESSION_KEYS[@]}" -ge 1
leaks=$(grep -rlF -e "$SECRET" -e IQoJb3JpZ2luX2VjEKlx "${SESSION_KEYS[@]/#/-e}" "$HOME" \
    --exclude='*.jsonl' 2>/dev/null; grep -rlF -e IQoJb3JpZ2luX2VjEKlx "$T_TMP" 2>/dev/null)
check_eq "no key id, secret or session token in a plain file" "$leaks" ""
finish
