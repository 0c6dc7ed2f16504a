# Sourced by the keyring tests: a private D-Bus session with a real gnome-keyring-daemon.
# Usage, before sourcing lib.sh:
#   source "$(dirname "$0")/../tools/keyring-session.sh"
#   keyring_reexec "$0" "$@"      # re-runs the script under dbus-run-session, once
# then, after lib.sh:
#   keyring_start PASSWORD        # the daemon, with its login collection created and unlocked
#   keyring_lock / keyring_is_locked / keyring_unlock PASSWORD / keyring_pid
#
# How the login collection comes to be: `gnome-keyring-daemon --unlock` reads a password on
# stdin and unlocks the login keyring with it, creating it (and making it the "default" alias)
# when it does not exist yet -- in a fresh HOME that is what happens. No prompt, no display.
# The daemon forks and owns org.freedesktop.secrets a moment later: `gdbus wait` is the readiness
# signal. Locking needs no prompt either: org.freedesktop.Secret.Service.Lock. Unlocking again
# without a prompt is `--replace --unlock` (the same command klaxon's message recommends).

KEYRING_BUS=org.freedesktop.secrets
KEYRING_COLLECTION=/org/freedesktop/secrets/collection/login

keyring_reexec() {
    local script=$1
    shift
    [ -n "${KLX_KEYRING_SESSION:-}" ] && return 0
    local tool
    for tool in dbus-run-session gnome-keyring-daemon gdbus; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "not ok keyring tools: $tool is not installed (scripts/install-deps installs" \
                "dbus and gnome-keyring)"
            echo "0 passed, 1 failed"
            exit 1
        fi
    done
    export KLX_KEYRING_SESSION=1
    # Under ASan: processes that load GLib are not scanned through their threads' TLS, whose scan
    # crashed LeakSanitizer now and then; GLib's own per-thread blocks are suppressed instead.
    local supp
    supp="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lsan-glib.supp"
    export LSAN_OPTIONS="use_tls=0:suppressions=$supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
    # dbus-daemon complains about fd limits when not root-capable; that is noise.
    exec dbus-run-session -- bash "$script" "$@" 2> >(grep -v 'Failed to set fd limit' >&2)
}

keyring_pid() {
    gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.GetConnectionUnixProcessID "$KEYRING_BUS" 2>/dev/null |
        sed -n 's/.*uint32 \([0-9]*\).*/\1/p'
}

# keyring_start PASSWORD: sets KEYRING_PID and registers it for cleanup.
keyring_start() {
    export XDG_RUNTIME_DIR="$T_TMP/run" XDG_DATA_HOME="$HOME/.local/share"
    mkdir -p -m 700 "$XDG_RUNTIME_DIR"
    printf %s "$1" | gnome-keyring-daemon --unlock --components=secrets >"$T_TMP/gkd.out" 2>&1
    if ! gdbus wait --session --timeout 20 "$KEYRING_BUS"; then
        echo "gnome-keyring-daemon did not come up:"
        cat "$T_TMP/gkd.out"
        return 1
    fi
    KEYRING_PID=$(keyring_pid)
    T_PIDS+=("$KEYRING_PID")
}

keyring_lock() {
    gdbus call --session --dest "$KEYRING_BUS" --object-path /org/freedesktop/secrets \
        --method org.freedesktop.Secret.Service.Lock "['$KEYRING_COLLECTION']" >/dev/null
}

keyring_is_locked() {
    gdbus introspect --session --dest "$KEYRING_BUS" --object-path "$KEYRING_COLLECTION" \
        --only-properties | grep -q 'Locked = true'
}

# Unlock the way klaxon's message says: replace the daemon, password on stdin.
keyring_unlock() {
    printf %s "$1" | gnome-keyring-daemon --replace --unlock --components=secrets \
        >>"$T_TMP/gkd.out" 2>&1
    local i
    for i in $(seq 1 100); do
        local pid
        pid=$(keyring_pid)
        if [ -n "$pid" ] && [ "$pid" != "$KEYRING_PID" ] && ! keyring_is_locked; then
            KEYRING_PID=$pid
            T_PIDS+=("$KEYRING_PID")
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# Items of klaxon's schema for a profile: prints "unlocked-count locked-count".
keyring_items() {
    gdbus call --session --dest "$KEYRING_BUS" --object-path /org/freedesktop/secrets \
        --method org.freedesktop.Secret.Service.SearchItems \
        "{'xdg:schema': 'io.klaxon.Credentials', 'profile': '$1'}" |
        awk -F'],' '{ u = gsub(/objectpath/, "", $1); l = gsub(/objectpath/, "", $2);
                      print u, l }'
}
