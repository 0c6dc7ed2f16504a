#!/usr/bin/env bash
# No Secret Service, the bastion case: no D-Bus session, a dead socket, a bus nobody answers
# on, a bus without a keyring daemon. Each is fast (never hangs), says so plainly, never falls
# back silently, and offers the file vault; KLAXON_KEYRING chooses explicitly.
source "$(dirname "$0")/lib.sh"
require_klaxon

random_keys klxTest
export XDG_DATA_HOME="$HOME/.local/share"
VAULT=$XDG_DATA_HOME/klaxon/vault

# kx ARGS...: run klaxon; OUT, ERR, RC. The limit only tells "returned" from "hung" (124): 10 s,
# or 120 s under memcheck, whose slowdown on a loaded machine passed 10 s (a timed check, not one).
HANG_LIMIT=10
[ -n "${KLX_VALGRIND_BIN:-}" ] && HANG_LIMIT=120
kx() {
    timeout "$HANG_LIMIT" "$KLAXON" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
    RC=$?
    OUT=$(cat "$T_TMP/out")
    ERR=$(cat "$T_TMP/err")
}
keys() { printf '%s\n%s\n' "$AKID" "$SECRET"; }

# no_service NAME WANT-REASON: status and set in the current environment.
no_service() {
    kx credentials status
    check "$1: status returns (no hang)" test "$RC" -ne 124
    check_eq "$1: status finds no credentials (3)" "$RC" 3
    check_contains "$1: status says there is no Secret Service" "$OUT" "none: no Secret Service"
    check_contains "$1: ... and why" "$OUT" "$2"
    check_contains "$1: ... and offers the vault" "$OUT" "offers an encrypted file vault"
    kx credentials set < <(keys)
    check "$1: set returns (no hang)" test "$RC" -ne 124
    check_eq "$1: set from a pipe refuses rather than fall back silently (3)" "$RC" 3
    check_contains "$1: set names the reason" "$ERR" "$2"
    check_contains "$1: set offers the vault with KLAXON_KEYRING=file" "$ERR" \
        "run again with KLAXON_KEYRING=file"
    check_contains "$1: ... at its path" "$ERR" "$VAULT"
    check "$1: no vault was created" test ! -e "$VAULT"
    kx credentials delete
    check_eq "$1: delete: nothing stored (3)" "$RC" 3
}

unset DBUS_SESSION_BUS_ADDRESS
no_service "no D-Bus session" "DBUS_SESSION_BUS_ADDRESS is not set"

export DBUS_SESSION_BUS_ADDRESS="unix:path=$T_TMP/no-such-bus"
no_service "a dead socket" "cannot connect to the D-Bus session bus"

export DBUS_SESSION_BUS_ADDRESS="autolaunch:"
no_service "an autolaunch address" "never starts"

# A real bus with no keyring daemon on it -- and klaxon does not activate one.
dbus-daemon --session --nofork --print-address=1 >"$T_TMP/bus.addr" 2>/dev/null &
BUS_PID=$!
T_PIDS+=("$BUS_PID")
for i in $(seq 1 100); do [ -s "$T_TMP/bus.addr" ] && break; sleep 0.05; done
export DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$T_TMP/bus.addr")
check "a private bus is up" test -n "$DBUS_SESSION_BUS_ADDRESS"
no_service "a bus without a keyring daemon" "nothing on the D-Bus session bus provides"
owner=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>&1)
check_eq "klaxon did not start a keyring daemon on that bus" "$owner" "(false,)"

# The same bus, frozen: connecting works, nothing ever answers.
kill -STOP "$BUS_PID"
no_service "a bus that does not answer" "did not answer within"
kill -CONT "$BUS_PID"

# The Secret Service support is a plugin next to the executable: a klaxon without it (copied
# alone into an empty directory) says so and goes on without the Secret Service.
if [ ! -e /usr/local/lib/klaxon/klaxon-keyring-secret.so ]; then
    mkdir "$T_TMP/alone"
    cp "$KLX_BUILD/klaxon" "$T_TMP/alone/"
    DBUS_SESSION_BUS_ADDRESS="unix:path=$T_TMP/no-such-bus" timeout "$HANG_LIMIT" "$T_TMP/alone/klaxon" \
        credentials status >"$T_TMP/out" 2>"$T_TMP/err"
    check_eq "without the plugin: status finds no credentials (3), no crash" "$?" 3
    check_contains "... and says the plugin cannot be loaded" "$(cat "$T_TMP/out")" \
        "klaxon-keyring-secret.so) cannot be loaded: $T_TMP/alone/klaxon-keyring-secret.so"
fi

# ---- KLAXON_KEYRING ----
unset DBUS_SESSION_BUS_ADDRESS
KLAXON_KEYRING=secret-service kx credentials set < <(keys)
check_eq "KLAXON_KEYRING=secret-service without a bus: set refuses (3)" "$RC" 3
check_contains "... saying why" "$ERR" "DBUS_SESSION_BUS_ADDRESS is not set"
check_contains "... and naming the vault" "$ERR" "KLAXON_KEYRING=file"
KLAXON_KEYRING=secret-service kx credentials status
check_contains "KLAXON_KEYRING=secret-service: status names the explicit choice" "$OUT" \
    "secret-service, because KLAXON_KEYRING=secret-service"
KLAXON_KEYRING=none kx credentials set < <(keys)
check_eq "KLAXON_KEYRING=none: set is a usage error (2)" "$RC" 2
check_contains "... saying the keyring is off" "$ERR" "KLAXON_KEYRING=none"
KLAXON_KEYRING=none kx credentials status
check_contains "KLAXON_KEYRING=none: status says so" "$OUT" "keyring:  none: KLAXON_KEYRING=none"
check_contains "... and the chain passes the keyring by" "$OUT" "keyring: not used"
KLAXON_KEYRING=gnome kx credentials set < <(keys)
check_eq "KLAXON_KEYRING=<nonsense>: set is a usage error (2)" "$RC" 2
check_contains "... listing the choices" "$ERR" "not one of secret-service, file, none"
KLAXON_KEYRING=gnome kx credentials status
check_eq "KLAXON_KEYRING=<nonsense>: status finds nothing usable (3)" "$RC" 3
check_contains "... and says why" "$OUT" "not one of secret-service, file, none"

# Explicit environment keys need no keyring at all (the instance role neither: it is later).
AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET kx credentials status
check_eq "with environment keys, status exits 0 without any keyring" "$RC" 0
if [[ "$OUT$ERR" == *"$SECRET"* ]]; then not_ok "status never prints the secret"; else
    ok "status never prints the secret"; fi
finish
