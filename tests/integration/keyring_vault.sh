#!/usr/bin/env bash
# The encrypted file vault through the command line: set, status, a signed call with the vault's
# keys, the passphrase (wrong, missing, too short for a new vault), a vault others could replace
# (refused with the fix), a tampered, truncated, foreign or future vault, 0600 under umask 000,
# a failed write that leaves the old vault whole, and an older klaxon's vault (N=2^15) opened and
# upgraded to N=2^18 by its next write.
# valgrind: skip: nearly every command opens the vault, scrypt N=2^18 (256 MiB), about 20 s each under memcheck; the vault's code runs under memcheck in test_vault and test_keyring
source "$(dirname "$0")/lib.sh"
require_klaxon

random_keys klxTest
PASS=klx-vault-$(rand_hex 8)
MASK="****${AKID: -4}"
unset DBUS_SESSION_BUS_ADDRESS
export XDG_DATA_HOME="$HOME/.local/share"
VAULT=$XDG_DATA_HOME/klaxon/vault

# kx ARGS...: run klaxon with no controlling terminal (setsid), so nothing can be asked for.
kx() {
    timeout 20 setsid -w "$KLAXON" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
    RC=$?
    OUT=$(cat "$T_TMP/out")
    ERR=$(cat "$T_TMP/err")
}
keys() { printf '%s\n%s\n' "$AKID" "$SECRET"; }
no_secrets() {
    if [[ $2 == *"$SECRET"* || $2 == *"$PASS"* ]]; then not_ok "$1: no secret in the output"
    else ok "$1: no secret in the output"; fi
}

start_sim_keyed "$AKID:$SECRET" || { not_ok "simulator"; finish; exit; }
export AWS_REGION=us-east-1
signed_call() { kx --endpoint-url "$SIM_URL" list-response-plans; }

# ---- Create under umask 000 ----
export KLAXON_KEYRING=file
(umask 000; KLAXON_VAULT_PASSPHRASE=elevenchars kx credentials set < <(keys)
 echo "$RC" >"$T_TMP/rc"; echo "$ERR" >"$T_TMP/e")
check_eq "a new vault refuses an 11-character passphrase (3)" "$(cat "$T_TMP/rc")" 3
check_contains "... saying 12 are needed" "$(cat "$T_TMP/e")" "too short for a new vault (11 characters; at least 12)"
check "... and is not created" test ! -e "$VAULT"
(umask 000; KLAXON_VAULT_PASSPHRASE=$PASS kx credentials set < <(keys)
 echo "$RC" >"$T_TMP/rc"; echo "$OUT" >"$T_TMP/o")
check_eq "set into a new vault exits 0" "$(cat "$T_TMP/rc")" 0
check_contains "... naming the vault" "$(cat "$T_TMP/o")" "(key id $MASK) in the file vault $VAULT"
check_eq "the vault is 0600 even under umask 000" "$(stat -c %a "$VAULT")" 600
check_eq "its directory is 0700" "$(stat -c %a "$(dirname "$VAULT")")" 700
check_eq "it starts with the magic" "$(head -c 8 "$VAULT")" KLXVAULT
if grep -q -a -F -e "$SECRET" -e "$AKID" "$VAULT"; then not_ok "no key in the clear in the vault"
else ok "no key in the clear in the vault"; fi

export KLAXON_VAULT_PASSPHRASE=$PASS
kx credentials status
check_eq "status with the vault exits 0" "$RC" 0
check_contains "status names the vault and why" "$OUT" "keyring:  file, because KLAXON_KEYRING=file"
check_contains "... its path and mode" "$OUT" "$VAULT ("
check_contains "... the masked key id" "$OUT" "stored:   key id $MASK"
no_secrets "status" "$OUT$ERR"
signed_call
check_eq "a signed call with the vault's keys" "$RC" 0
check_contains "... returned the plans" "$OUT" responsePlanSummaries

# Without KLAXON_KEYRING and without D-Bus, the existing vault is used -- and status says why.
KLAXON_KEYRING= kx credentials status
check_contains "default choice with no D-Bus and a vault: the vault" "$OUT" \
    "file, because no Secret Service"
check_contains "... saying the vault exists" "$OUT" "the file vault exists"
KLAXON_KEYRING= signed_call
check_eq "... and calls sign with it" "$RC" 0

# ---- Passphrases ----
KLAXON_VAULT_PASSPHRASE=wrong-passphrase signed_call
check_eq "a wrong passphrase stops the chain (3)" "$RC" 3
check_contains "... saying so" "$ERR" "wrong passphrase, or the vault file was modified"
no_secrets "wrong passphrase" "$OUT$ERR"
(unset KLAXON_VAULT_PASSPHRASE; kx --endpoint-url "$SIM_URL" list-response-plans
 echo "$RC" >"$T_TMP/rc"; echo "$ERR" >"$T_TMP/e")
check_eq "no passphrase and no terminal: no credentials (3), no hang" "$(cat "$T_TMP/rc")" 3
check_contains "... naming KLAXON_VAULT_PASSPHRASE" "$(cat "$T_TMP/e")" KLAXON_VAULT_PASSPHRASE
cp "$VAULT" "$T_TMP/good"
KLAXON_VAULT_PASSPHRASE=wrong-passphrase kx credentials set < <(printf '%s\nklxNew/%s\n' "$AKID" "$(rand_hex 16)")
check_eq "set with a wrong passphrase refuses (3)" "$RC" 3
check "... and leaves the vault as it was" cmp -s "$VAULT" "$T_TMP/good"

# ---- A vault others could replace: refused with the fix, never used or rewritten ----
# unsafe NAME WANT: status, a call and set all refuse, saying WANT; the vault is not rewritten.
unsafe() {
    kx credentials status
    check_eq "$1: status exits 3" "$RC" 3
    check_contains "$1: status names it and the fix" "$OUT" "$2"
    signed_call
    check_eq "$1: calls do not use its keys (3)" "$RC" 3
    check_contains "$1: ... saying why and the fix" "$ERR" "$2"
    kx credentials set < <(keys)
    check_eq "$1: set refuses (3)" "$RC" 3
    check "$1: ... and leaves the vault as it was" cmp -s "$VAULT" "$T_TMP/good"
}
chmod 666 "$VAULT"
unsafe "a world-writable vault" "the file $VAULT is writable by everyone (mode 0666); chmod 600 $VAULT"
chmod 620 "$VAULT"
unsafe "a group-writable vault" "is writable by its group (mode 0620); chmod 600 $VAULT"
chmod 600 "$VAULT"
chmod 777 "$(dirname "$VAULT")"
unsafe "a world-writable vault directory" "chmod 700 $(dirname "$VAULT")"
chmod 700 "$(dirname "$VAULT")"
if [ "$(id -u)" -eq 0 ]; then # only root can give the file to another user
    chown 65534 "$VAULT"
    unsafe "a vault owned by another user" "is owned by uid 65534, not by you (uid 0); if it is yours, chown 0 $VAULT"
    chown 0 "$VAULT"
fi
signed_call
check_eq "fixed, the vault's keys sign again" "$RC" 0

# ---- Damaged vaults: each a clear error, never overwritten ----
# damage NAME WANT: the vault in $VAULT was altered; status, call and set all refuse.
damage() {
    cp "$VAULT" "$T_TMP/damaged"
    kx credentials status
    check_eq "$1: status exits 3" "$RC" 3
    check_contains "$1: status says what is wrong" "$OUT" "$2"
    signed_call
    check_eq "$1: calls find no credentials (3)" "$RC" 3
    check_contains "$1: ... saying what is wrong" "$ERR" "$2"
    kx credentials set < <(keys)
    check_eq "$1: set refuses (3)" "$RC" 3
    check "$1: ... and does not replace the damaged vault" cmp -s "$VAULT" "$T_TMP/damaged"
    cp "$T_TMP/good" "$VAULT"
}
flip() { # OFFSET: flip the low bit of one byte
    local b
    b=$(od -An -tu1 -j "$1" -N1 "$VAULT" | tr -d ' ')
    printf "$(printf '\\%03o' $((b ^ 1)))" | dd of="$VAULT" bs=1 seek="$1" conv=notrunc status=none
}
size=$(stat -c %s "$VAULT")
flip 60
damage "a flipped ciphertext byte" "wrong passphrase, or the vault file was modified"
flip $((size - 1))
damage "a flipped tag byte" "wrong passphrase, or the vault file was modified"
flip 20
damage "a flipped salt byte" "wrong passphrase, or the vault file was modified"
head -c $((size - 5)) "$T_TMP/good" >"$VAULT"
damage "a truncated vault" "is truncated"
head -c 30 "$T_TMP/good" >"$VAULT"
damage "a vault cut inside its header" "is truncated"
: >"$VAULT"
damage "an empty vault" "is truncated"
printf '[default]\naws_access_key_id = x\n' >"$VAULT"
damage "a file that is not a vault" "is not a klaxon vault"
flip 8
damage "a vault of another version" "format version 0"
cat "$T_TMP/good" <(printf junk) >"$VAULT"
damage "trailing bytes" "bytes after its end"

# ---- A write that fails half-way leaves the old vault whole, and no temp file ----
cp "$VAULT" "$T_TMP/good"
# 1 KiB may be written: klaxon's messages fit, a vault holding a 3 KB session token does not.
BIGTOKEN=klxToken$(rand_hex 1500)
(ulimit -f 1; trap '' XFSZ
 kx credentials set < <(printf '%s\nklxNew/%s\n%s\n' "$AKID" "$(rand_hex 16)" "$BIGTOKEN")
 echo "$RC" >"$T_TMP/rc"; echo "$ERR" >"$T_TMP/e")
check_eq "a failed write (file size limit) exits 3" "$(cat "$T_TMP/rc")" 3
check_contains "... saying it could not write" "$(cat "$T_TMP/e")" "cannot write the file vault"
check "... the old vault is byte for byte the same" cmp -s "$VAULT" "$T_TMP/good"
check_eq "... and no temp file is left" "$(ls -A "$(dirname "$VAULT")")" vault
signed_call
check_eq "... and its keys still sign" "$RC" 0

# ---- Bad input leaves the vault untouched too ----
kx credentials set < <(printf '   \n%s\n' "$SECRET")
check_eq "whitespace-only key id refused (2)" "$RC" 2
kx credentials set < <(head -c 10485760 /dev/zero | tr '\0' A)
check_eq "a 10 MB line refused (2)" "$RC" 2
check "... the vault unchanged" cmp -s "$VAULT" "$T_TMP/good"

# ---- A second profile, then delete ----
kx --profile ops credentials set < <(printf 'AKIAIOSFODNN7EXAMPLE\nwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n')
check_eq "a second profile in the same vault" "$RC" 0
kx credentials delete
check_eq "delete the first" "$RC" 0
check_contains "... confirmed" "$OUT" "from the file vault $VAULT"
kx credentials delete
check_eq "delete it again: nothing stored (3)" "$RC" 3
kx --profile ops credentials status
check_contains "the second profile survives" "$OUT" "stored:   key id ****MPLE"
kx --profile ops credentials delete
check_eq "delete the last profile" "$RC" 0
check "the empty vault is removed" test ! -e "$VAULT"
kx credentials delete
check_eq "delete with no vault: nothing stored (3)" "$RC" 3

# ---- A vault an older klaxon wrote (scrypt N=2^15) opens, and its next write upgrades it ----
log2n() { od -An -tu1 -j9 -N1 "$VAULT" | tr -d ' '; }
mkdir -p -m 700 "$(dirname "$VAULT")"
install -m 600 "$TEST_DATA_DIR/vault/legacy-n15.vault" "$VAULT"
export KLAXON_VAULT_PASSPHRASE="klaxon legacy vault passphrase" # the fixture's
check_eq "the old vault's header says N=2^15" "$(log2n)" 15
kx credentials status
check_contains "an old vault opens" "$OUT" "stored:   key id ****NING"
check_eq "... and reading it leaves it as it was" "$(log2n)" 15
kx --profile second credentials set < <(keys)
check_eq "a write to the old vault succeeds" "$RC" 0
check_eq "... and seals it at N=2^18" "$(log2n)" 18
kx credentials status
check_contains "... with its old profile still in it" "$OUT" "stored:   key id ****NING"
finish
