#!/usr/bin/env bash
# `klaxon credentials set` on a real terminal (a tmux pane): the vault offered when there is no
# Secret Service, the key id echoed, the secret, token and passphrase not; core dumps off while
# secrets are in memory; the terminal's echo back after Ctrl-C; the vault's passphrase asked for
# on the terminal by a non-interactive command.
source "$(dirname "$0")/lib.sh"
require_klaxon

if ! command -v tmux >/dev/null; then
    not_ok "tmux installed" "tmux is a test dependency (scripts/install-deps)"
    finish
    exit
fi
random_keys klxTest
PASS=klx-vault-$(rand_hex 8)
MASK="****${AKID: -4}"
unset DBUS_SESSION_BUS_ADDRESS KLAXON_VAULT_PASSPHRASE
export XDG_DATA_HOME="$HOME/.local/share"
VAULT=$XDG_DATA_HOME/klaxon/vault

SOCK=$T_TMP/tmux.sock
TM() { tmux -S "$SOCK" -f /dev/null "$@"; }
TM new-session -d -s klx -x 160 -y 50 "env PS1='$ ' HISTFILE=/dev/null bash --norc --noprofile"
SHELL_PID=$(TM display -p -t klx '#{pane_pid}')
tty_cleanup() {
    TM kill-server 2>/dev/null
    local i
    for i in $(seq 1 100); do kill -0 "$SHELL_PID" 2>/dev/null || break; sleep 0.05; done
    t_cleanup
}
trap tty_cleanup EXIT
pane() { TM capture-pane -p -J -t klx -S -500; }
# wait_for TEXT: the readiness signal is the text on screen (10 s at most).
wait_for() { # a deadline for a loaded machine (and memcheck's scrypt), not a timing assertion
    local i tries=600
    [ -n "${KLX_VALGRIND_BIN:-}" ] && tries=3600
    for i in $(seq 1 "$tries"); do
        pane | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    echo "the pane never showed: $1"
    pane | tail -n 15 | sed 's/^/    | /'
    return 1
}
type_line() { TM send-keys -t klx -l -- "$1"; TM send-keys -t klx Enter; }
klaxon_pid() { pgrep -n -P "$SHELL_PID" -f "klaxon credentials"; }
screen_clean() { # NAME: nothing secret ever appeared on the terminal
    local s
    s=$(pane)
    if [[ $s == *"$SECRET"* || $s == *"$PASS"* ]]; then not_ok "$1: no secret on the screen"
    else ok "$1: no secret on the screen"; fi
}

# ---- No Secret Service: the vault is offered, and "no" stores nothing ----
type_line "$KLAXON credentials set; echo RC=\$?"
check "set asks before falling back to a vault" wait_for "Store the keys in an encrypted file vault at $VAULT instead"
check_contains "... saying why there is no Secret Service" "$(pane)" "DBUS_SESSION_BUS_ADDRESS is not set"
type_line n
check "answering no cancels (exit 1)" wait_for "RC=1"
check "... and creates nothing" test ! -e "$VAULT"

# ---- "yes": the keys, then a new passphrase twice ----
TM send-keys -t klx "clear" Enter
type_line "$KLAXON credentials set; echo RC=\$?"
check "the vault is offered again" wait_for "[y/N]"
type_line y
check "the key id is asked for" wait_for "AWS access key id: "
type_line "$AKID"
check "the secret is asked for, not shown" wait_for "AWS secret access key (not shown): "
pid=$(klaxon_pid)
check_contains "core dumps are off while secrets are loaded" \
    "$(grep 'Max core file size' "/proc/$pid/limits" 2>&1)" "Max core file size        0"
type_line "$SECRET"
check "the session token is asked for" wait_for "Session token (not shown; Enter for none): "
type_line ""
check "a new passphrase is asked for" wait_for "New passphrase for the file vault $VAULT: "
type_line "$PASS"
check "... twice" wait_for "Repeat the passphrase: "
type_line "$PASS"
check "the keys are stored" wait_for "RC=0"
check_contains "... confirmed with the masked key id" "$(pane)" "(key id $MASK) in the file vault"
check_contains "the key id was echoed as typed" "$(pane)" "AWS access key id: $AKID"
screen_clean "set on a terminal"
check_eq "the vault is 0600" "$(stat -c %a "$VAULT" 2>&1)" 600

# ---- A command reading the vault asks for its passphrase on the terminal ----
TM send-keys -t klx "clear" Enter
type_line "$KLAXON credentials status; echo RC=\$?"
check "status asks for the vault's passphrase" wait_for "Passphrase for the file vault $VAULT: "
type_line "$PASS"
check "status then shows the stored keys" wait_for "stored:   key id $MASK"
check "... and exits 0" wait_for "RC=0"
screen_clean "status on a terminal"

TM send-keys -t klx "clear" Enter
type_line "$KLAXON credentials status; echo RC=\$?"
check "status asks again" wait_for "Passphrase for the file vault"
type_line "not-the-passphrase"
check "a wrong passphrase typed: exit 3" wait_for "RC=3"
check_contains "... saying so" "$(pane)" "wrong passphrase, or the vault file was modified"

# ---- Ctrl-C at a hidden prompt gives the terminal its echo back ----
TM send-keys -t klx "clear" Enter
type_line "$KLAXON credentials set; echo RC=\$?"
check "set asks for the key id (the vault exists: no offer)" wait_for "AWS access key id: "
type_line "$AKID"
check "... then the secret" wait_for "(not shown): "
TM send-keys -t klx C-c
# Type the next line only once klaxon is gone: restoring the terminal flushes pending input.
for _ in $(seq 200); do [ -z "$(klaxon_pid)" ] && break; sleep 0.05; done
type_line 'echo "LAST=$?"'
check "Ctrl-C ends it (killed by SIGINT: 130)" wait_for "LAST=130"
type_line 'echo "ECHO-$(stty -a | grep -cw -- -echo)"'
check "the terminal echoes again after Ctrl-C" wait_for "ECHO-0"

# ---- Ctrl-D (end of input) at a prompt cancels ----
TM send-keys -t klx "clear" Enter
type_line "$KLAXON credentials set; echo RC=\$?"
check "set asks for the key id" wait_for "AWS access key id: "
TM send-keys -t klx C-d
check "Ctrl-D cancels (exit 1)" wait_for "RC=1"
type_line 'echo "ECHO-$(stty -a | grep -cw -- -echo)"'
check "... the terminal still echoes" wait_for "ECHO-0"
KLAXON_VAULT_PASSPHRASE=$PASS setsid -w "$KLAXON" credentials status >"$T_TMP/o" 2>&1
check_contains "... and the vault's keys are unchanged" "$(cat "$T_TMP/o")" "key id $MASK"
finish
