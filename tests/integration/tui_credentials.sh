#!/usr/bin/env bash
# The form with no credentials anywhere: the screen lists the sources tried; `e` opens masked
# fields whose rules show as you type; a wrong secret is refused by the simulator's signature
# check (fields kept); the right one passes and is stored in a real gnome-keyring-daemon, and
# the next run finds it there without asking. A locked collection keeps the keys for the
# session only. Without D-Bus a new file vault is offered, its passphrase typed masked twice;
# an existing vault asks for it once. Throughout, neither the secret nor the passphrase reaches
# the terminal (the pane's raw output is recorded), any screen, or any file.
# valgrind: skip: its checks include the Secret Service deadlines (1.5 s / 3 s), which memcheck's slowdown overruns
source "$(dirname "$0")/../tools/keyring-session.sh"
keyring_reexec "$0" "$@"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"
require_klaxon

random_keys klxForm
WRONG=klxWrong/$(rand_hex 16)
VAULT_PASS=klx-vault-$(rand_hex 8)
KEYRING_PASS=klx-keyring-$(rand_hex 8)
MASK="****${AKID: -4}"

# Every screen the test looks at is kept, and the pane's raw output (what the terminal
# received) is recorded from the start of each run.
CAPS="$T_TMP/captures.txt"
RAW="$T_TMP/raw-output"
tui_capture() { tui_tmux capture-pane -p | tee -a "$CAPS"; }
start_form() { # ENV...
    TUI_ENV="AWS_REGION=us-east-1 $*" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
    tui_tmux pipe-pane -o "cat >>$RAW"
}
paste() { # TEXT: a bracketed paste, as a terminal sends it
    tui_tmux set-buffer -b klx -- "$1"
    tui_tmux paste-buffer -p -r -b klx
}
kx() { # ARGS...: klaxon outside the form; OUT, ERR, RC
    timeout 20 "$KLAXON" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
    RC=$?
    OUT=$(cat "$T_TMP/out")
    ERR=$(cat "$T_TMP/err")
}
leave() { # from the plan picker: back to the form, then Ctrl-C (nothing typed: no question)
    tui_keys Escape
    tui_wait_gone "of 5 plans"
    tui_keys C-c
    check_eq "leaving the form without declaring: exit 1" "$(tui_wait_exit)" "1"
}
# The screen as one line: wrapped text joined, box edges and runs of blanks dropped.
flat() { tui_screen | sed -e 's/[│┌┐└┘─]/ /g' | tr '\n' ' ' | tr -s ' '; }
wait_flat() { # TEXT: like tui_wait, for a text that may wrap
    local i
    for i in $(seq 1 200); do
        [[ $(flat) == *"$1"* ]] && return 0
        sleep 0.05
    done
    not_ok "screen shows \"$1\"" "$(tui_screen)"
    return 1
}
stars() { printf '%*s' "$1" '' | tr ' ' '*'; }
# A fresh form with no credentials: `e`, the right key pair typed, F10 (the check). With a
# NAME and TEXT, first checks that the credentials screen shows TEXT.
type_right_keys() { # [NAME TEXT]
    start_form
    tui_wait "No usable AWS credentials" 20
    [ $# -eq 2 ] && check_contains "$1" "$(flat)" "$2"
    tui_keys e
    tui_wait "Access key ID"
    tui_type "$AKID"
    tui_keys Tab
    tui_type "$SECRET"
    tui_keys F10
}

check "gnome-keyring-daemon starts with an unlocked login collection" keyring_start "$KEYRING_PASS"
# The simulator knows our random keys (a file, so they stay out of the process list).
start_sim_keyed "$AKID:$SECRET" || { not_ok "simulator"; finish; exit; }

# ---- (a) No credentials anywhere: type them, check them, store them in the Secret Service.
start_form
tui_wait "No usable AWS credentials" 20
screen=$(tui_screen)
check_contains "the screen lists the sources tried" "$screen" "environment"
check_contains "... the keyring among them" "$screen" "keyring"
check_contains "... says how to fix it" "$screen" "How to fix it"
check_contains "... and offers to type keys" "$screen" "e Enter keys now"
tui_keys e
tui_wait "Access key ID"
check_contains "the profile defaults to the form's" "$(tui_screen)" \
    "Profile to store under  default"

tui_type "akia-not-a-key"
tui_wait "not an AWS access key id" &&
    ok "a bad key id: the rule shows beside the field as it is typed"
tui_keys C-u
tui_type "$AKID"
tui_wait_gone "not an AWS access key id" && ok "fixed: the rule goes away"
tui_keys Tab
tui_type "short"
tui_wait "the secret access key is too short" &&
    ok "the secret's rule shows too (counting, never quoting it)"
tui_keys C-u
tui_type "$WRONG"
tui_wait "$(stars ${#WRONG})" && ok "the secret shows as one * per character"
tui_keys F10
tui_wait "The check failed" 20
screen=$(tui_screen)
check_contains "a wrong secret: the simulator's signature check refuses it" "$screen" \
    "InvalidSignatureException"
check_contains "... the key id is kept" "$screen" "$AKID"
check_contains "... and the secret field too" "$screen" "$(stars ${#WRONG})"
check_contains "... still on the entry screen" "$screen" "[ Check the keys ]"
check_eq "nothing was stored after the failed check" "$(keyring_items default)" "0 0"

tui_keys C-u
paste "$SECRET"$'\n' # pasted, with the line end a copied line brings
tui_wait "$(stars ${#SECRET})" && ok "a pasted secret (its line end trimmed) shows masked"
tui_keys F10
tui_wait "Store the keys?" 20
screen=$(flat)
check_contains "the check passed: the store question names the Secret Service" "$screen" \
    "Store them in the Secret Service"
check_contains "... and the profile" "$screen" 'under profile "default"'
check_contains "... with the masked key id" "$screen" "$MASK"
check_contains "... over the form, which now uses the typed keys" "$screen" \
    "keys: typed in the form"
tui_keys y
tui_wait "Stored the keys for profile" 20
check_contains "stored: the form says where" "$(flat)" "(key id $MASK) in the Secret Service"
check_eq "one unlocked item for the profile in the keyring" "$(keyring_items default)" "1 0"
tui_keys Enter
tui_wait "of 5 plans" 20 && ok "the form shows the plans from the simulator"
leave

kx credentials status
check_eq "credentials status finds the stored keys" "$RC" 0
check_contains "... showing the masked key id" "$OUT" "stored:   key id $MASK"

start_form
tui_wait "keys: keyring" 20 && ok "the next run finds the keys in the keyring without asking"
check_contains "... and no credentials screen" "$(tui_screen)" "Response plan"
tui_keys Enter
tui_wait "of 5 plans" 20 && ok "... and lists the plans with them"
leave

# ---- (d) A locked collection: the keys work, are not stored, and serve this session.
keyring_lock
check "the login collection is now locked" keyring_is_locked
type_right_keys "locked: the screen names the locked collection" "locked"
tui_wait "Not stored" 20
screen=$(flat)
check_contains "locked: the keyring's message is shown" "$screen" '"Login" is locked'
check_contains "... and the keys serve this session only" "$screen" "used for this session only"
tui_keys Enter
tui_wait_gone "The keys were not stored"
tui_keys Enter
tui_wait "of 5 plans" 20 && ok "... the form lists the plans with them"
leave
check_eq "locked: the stored item is untouched, nothing added" "$(keyring_items default)" "0 1"

# ---- (c) No D-Bus: a new file vault, its passphrase typed masked twice.
SAVED_BUS=$DBUS_SESSION_BUS_ADDRESS
unset DBUS_SESSION_BUS_ADDRESS KLAXON_KEYRING
VAULT="$XDG_DATA_HOME/klaxon/vault"
type_right_keys
tui_wait "Store the keys?" 20
screen=$(tui_screen)
check_contains "no D-Bus: the store question says so" "$screen" "There is no Secret Service here"
check_contains "... and offers an encrypted file vault" "$screen" "encrypted file vault"
tui_keys y
tui_wait "A new file vault"
tui_type "$VAULT_PASS"
tui_keys Tab
tui_type "${VAULT_PASS}x"
tui_wait "the two passphrases differ" && ok "different passphrases: said as they are typed"
tui_keys Enter
tui_wait "the two passphrases differ"
check "... and nothing is written" test ! -e "$VAULT"
tui_keys Escape
tui_wait "Not stored: the keys typed are used for this session only" &&
    ok "Esc: the keys are used for this session only"
tui_keys C-c
check_eq "Ctrl-C on the form (nothing typed): exit 1" "$(tui_wait_exit)" "1"

type_right_keys
tui_wait "Store the keys?" 20
tui_keys y
tui_wait "A new file vault"
tui_type "$VAULT_PASS"
tui_wait "$(stars ${#VAULT_PASS})" && ok "the passphrase shows as *"
tui_keys Tab
tui_type "$VAULT_PASS"
tui_keys Enter
tui_wait "Stored the keys for profile" 20
check_contains "stored in the file vault" "$(flat)" "in the file vault $VAULT"
check_eq "the vault is created 0600" "$(stat -c %a "$VAULT" 2>/dev/null)" "600"
tui_keys C-c
check_eq "Ctrl-C on the form (nothing typed): exit 1" "$(tui_wait_exit)" "1"

KLAXON_VAULT_PASSPHRASE=$VAULT_PASS kx credentials status
check_eq "status with the vault's passphrase finds the keys" "$RC" 0
check_contains "... masked" "$OUT" "stored:   key id $MASK"
KLAXON_VAULT_PASSPHRASE=$VAULT_PASS kx --endpoint-url "$SIM_URL" --region us-east-1 \
    list-response-plans
check_eq "a signed call with the vault's keys works" "$RC" 0
check_contains "... and returns the plans" "$OUT" responsePlanSummaries
KLAXON_VAULT_PASSPHRASE=wrong-$VAULT_PASS kx --endpoint-url "$SIM_URL" --region us-east-1 \
    list-response-plans
check_eq "... not with a wrong passphrase (3)" "$RC" 3
# The vault exists now: the next start cannot open it without its passphrase (the form never
# prompts by itself); typed keys are offered to it, its passphrase asked for once.
type_right_keys
tui_wait "Store the keys?" 20
check_contains "an existing vault: offered as the place to store" "$(flat)" \
    "Store them in the file vault"
tui_keys y
tui_wait "The file vault"
check_contains "... one passphrase field (no repetition)" "$(tui_screen)" "Passphrase"
if tui_screen | grep -q "Repeat it"; then not_ok "... no repetition asked"; else
    ok "... no repetition asked"; fi
tui_type "wrong-$VAULT_PASS"
tui_keys Enter
wait_flat "wrong passphrase, or the vault file was modified" &&
    ok "a wrong passphrase: the vault's message, asked again"
tui_type "$VAULT_PASS"
tui_keys Enter
tui_wait "Stored the keys for profile" 20 && ok "the right one: stored in the existing vault"
tui_keys C-c
check_eq "Ctrl-C on the form (nothing typed): exit 1" "$(tui_wait_exit)" "1"
check_eq "the vault is still 0600" "$(stat -c %a "$VAULT" 2>/dev/null)" "600"
export DBUS_SESSION_BUS_ADDRESS=$SAVED_BUS
tui_stop

# ---- (b) The secrets went nowhere: not to the terminal, not on any screen, not in any file.
for s in "$SECRET" "$WRONG" "$VAULT_PASS"; do
    name=${s%%/*}
    name=${name%%-[0-9a-f]*}
    if grep -qF -- "$s" "$CAPS"; then not_ok "$name: in no screen capture"; else
        ok "$name: in no screen capture"; fi
    if grep -qaF -- "$s" "$RAW"; then not_ok "$name: never sent to the terminal"; else
        ok "$name: never sent to the terminal"; fi
    found=$(grep -rlaF -- "$s" "$HOME" "$XDG_STATE_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" \
        "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR" "$SIM_LOG" "$T_TMP"/*.out 2>/dev/null)
    check_eq "$name: in no file under HOME, the XDG dirs, drafts or logs" "$found" ""
done
# The same searches do find what is meant to be shown: the key id, typed in the clear.
check "the key id is on the screens (it is not secret)" grep -qF "$AKID" "$CAPS"
check "... and in the terminal's raw output, so the search there can find a typed text" \
    grep -qaF "$AKID" "$RAW"

finish
