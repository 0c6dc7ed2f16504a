#!/usr/bin/env bash
# Every klaxon run is non-dumpable from the start of main -- not only when a keyring backend is
# chosen: keys from credential_process (or the environment, files, IMDS) and keys typed into the
# form are as secret. Asked of the kernel from outside, while klaxon waits: its /proc/PID files
# belong to root (PR_SET_DUMPABLE 0: no ptrace, no /proc/PID/mem, no core for other users) and its
# core size limit is 0. As root the test runs klaxon as another user (nobody), since root's own
# files belong to root anyway. KLAXON_VAULT_PASSPHRASE is taken at start: its bytes are gone from
# the process's environment block while it runs, and no child sees it.
source "$(dirname "$0")/lib.sh"
if [ ! -x "$KLAXON" ]; then
    not_ok "klaxon is built" "missing: $KLAXON"
    finish
    exit
fi

as_user=() RUN_UID=$(id -u)
if [ "$RUN_UID" -eq 0 ]; then
    RUN_UID=65534
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chmod 711 "$T_TMP"
    # A checkout other users cannot reach (a clone in a 0700 mktemp directory): klaxon cannot
    # run as nobody there, so the kernel cannot be asked about another user's view of it.
    if ! "${as_user[@]}" test -x "$KLAXON"; then
        skip "klaxon as another user" "uid 65534 cannot reach $KLAXON (a 0700 directory on its path)"
        finish
        exit
    fi
fi
WORK=$T_TMP/work
mkdir -p "$WORK/home/.aws"
export HOME=$WORK/home XDG_STATE_HOME=$WORK/home/state XDG_CACHE_HOME=$WORK/home/cache \
    XDG_DATA_HOME=$WORK/home/data XDG_CONFIG_HOME=$WORK/home/config
# AddressSanitizer's leak check needs ptrace, so secmem_no_core_dumps() leaves the dumpable flag
# alone there (RLIMIT_CORE still applies): that one check is not made under ASan.
asan=0
grep -q -a __asan_init "$KLAXON" 2>/dev/null && asan=1

# A credential_process helper that says where it is and waits to be let go.
cat >"$WORK/helper" <<'SH'
#!/bin/sh
env >"$1/helper.env"
echo "$PPID" >"$1/klaxon.pid"
while [ ! -e "$1/go" ]; do sleep 0.1; done
exit 1
SH
chmod 755 "$WORK/helper"
printf '[default]\nregion = us-east-1\ncredential_process = %s %s\n' "$WORK/helper" "$WORK" \
    >"$HOME/.aws/config"
[ ${#as_user[@]} -gt 0 ] && chown -R 65534:65534 "$WORK"

# check_not_dumpable NAME PID: what the kernel says about a running klaxon.
check_not_dumpable() {
    local name=$1 pid=$2 uid
    uid=$(awk '/^Uid:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
    check_eq "$name: klaxon runs as uid $RUN_UID" "$uid" "$RUN_UID"
    check_eq "$name: core dumps are off (RLIMIT_CORE 0)" \
        "$(awk '/^Max core file size/ {print $5 "/" $6}' "/proc/$pid/limits" 2>/dev/null)" "0/0"
    if [ "$asan" -eq 0 ]; then
        check_eq "$name: not dumpable: /proc/PID/mem belongs to root, not to uid $uid" \
            "$(stat -c %u "/proc/$pid/mem" 2>/dev/null)" 0
    else
        echo "# $name: dumpable flag not checked under AddressSanitizer"
    fi
}

# wait_for FILE|PATTERN...: up to 30 s for the condition; the checks themselves are not timed.
wait_file() { local i; for i in $(seq 1 300); do [ -s "$1" ] && return 0; sleep 0.1; done; return 1; }
wait_text() {
    local i; for i in $(seq 1 300); do grep -q -F "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}

# ---- Keys from credential_process: klaxon waits for its helper ----
VPASS=klx-process-pass-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
KLAXON_VAULT_PASSPHRASE=$VPASS "${as_user[@]}" "$KLAXON" list-response-plans >"$T_TMP/out1" 2>&1 &
run_pid=$!
T_PIDS+=("$run_pid")
if check "credential_process: the helper started" wait_file "$WORK/klaxon.pid"; then
    pid=$(cat "$WORK/klaxon.pid")
    check_eq "credential_process: the helper's parent is the klaxon started" "$pid" "$run_pid"
    check_not_dumpable "credential_process" "$pid"
    # Only root reads a non-dumpable process's environment block; under memcheck the block is
    # valgrind's own (klaxon's copy is made by valgrind), so it is not klaxon's to wipe.
    if [ "$(id -u)" -eq 0 ] && [ -z "${KLX_VALGRIND_BIN:-}" ]; then
        block=$(tr '\0' '\n' <"/proc/$pid/environ")
        check_contains "KLAXON_VAULT_PASSPHRASE: the environment block is read" "$block" "HOME="
        if [[ $block == *"$VPASS"* ]]; then
            not_ok "KLAXON_VAULT_PASSPHRASE: wiped from klaxon's environment block at start"
        else ok "KLAXON_VAULT_PASSPHRASE: wiped from klaxon's environment block at start"; fi
    fi
    if grep -q -F "$VPASS" "$WORK/helper.env"; then
        not_ok "KLAXON_VAULT_PASSPHRASE: the helper does not inherit it"
    else ok "KLAXON_VAULT_PASSPHRASE: the helper does not inherit it"; fi
fi
touch "$WORK/go"
wait "$run_pid" 2>/dev/null

# ---- Keys typed into the form (--plain, training): klaxon waits for the plan's number ----
mkfifo "$WORK/in"
[ ${#as_user[@]} -gt 0 ] && chown 65534:65534 "$WORK/in"
exec 7<>"$WORK/in" # held open: klaxon waits for input, never sees its end
"${as_user[@]}" "$KLAXON" --plain training <"$WORK/in" >"$T_TMP/out2" 2>&1 &
run_pid=$!
T_PIDS+=("$run_pid")
if check "the form (--plain) lists the plans and waits" wait_text "$T_TMP/out2" "Database degraded"
then
    check_not_dumpable "the form (--plain)" "$run_pid"
else
    sed 's/^/    /' "$T_TMP/out2" | head -n 20
fi
kill "$run_pid" 2>/dev/null
wait "$run_pid" 2>/dev/null
exec 7>&-
finish
