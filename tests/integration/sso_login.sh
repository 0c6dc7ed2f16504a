#!/usr/bin/env bash
# `klaxon sso login / logout` against the simulator's SSO-OIDC and portal, with a real
# gnome-keyring-daemon, then with the file vault and no D-Bus: the device code printed, approved
# by fetching its URL (as a person opening it would), the tokens kept in the keyring and used by
# the calls that follow; logout, after which a call says to log in (exit 3); slow_down; a code
# that expires; a denied one; Ctrl-C; a profile that is not an SSO one; and no token in any
# plain file.
# valgrind: skip: its keyring checks run under the Secret Service's deadlines (1.5 s / 3 s), which memcheck's slowdown overruns; the flow runs under memcheck in test_sso_login
source "$(dirname "$0")/../tools/keyring-session.sh"
keyring_reexec "$0" "$@"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/profiles.bash"
require_klaxon sim

ENTRY=sso-session:corp
mkdir -p "$HOME/.aws"
{
    sso_profile dev corp Responder
    legacy_sso_profile legacy https://d-legacy.awsapps.com/start Responder
    aws_profile plain region=us-east-1
    sso_session corp https://d-test.awsapps.com/start
} >"$HOME/.aws/config"

# kx ARGS...: run klaxon; OUT, ERR, RC. 300 s is "hung": the limit only tells returned from hung,
# and the vault's scrypt under ASan on a loaded machine has passed 60 s.
kx() {
    timeout 300 "$KLAXON" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
    RC=$?
    OUT=$(cat "$T_TMP/out")
    ERR=$(cat "$T_TMP/err")
}

# login_bg ARGS...: `klaxon ARGS sso login` in the background (LOGIN_PID); its output in
# $T_TMP/login.out and .err. Waits for the URL; LOGIN_URL and LOGIN_CODE are what it printed.
login_bg() {
    : >"$T_TMP/login.out"
    "$KLAXON" "$@" sso login >"$T_TMP/login.out" 2>"$T_TMP/login.err" &
    LOGIN_PID=$!
    wait_for_text "$T_TMP/login.out" "and enter the code: " || return 1
    LOGIN_URL=$(sed -n '2s/^  //p' "$T_TMP/login.out")
    LOGIN_CODE=$(sed -n 's/^and enter the code: //p' "$T_TMP/login.out")
    [ -n "$LOGIN_URL" ] && [ -n "$LOGIN_CODE" ]
}
login_wait() {
    wait "$LOGIN_PID"
    RC=$?
    OUT=$(cat "$T_TMP/login.out")
    ERR=$(cat "$T_TMP/login.err")
}
count() { grep -c -F "\"$1\"" "$SIM_LOG"; }

# no_plain_copy NAME VALUE...: none of the values is in any file under HOME or the test dir.
no_plain_copy() {
    local n=$1 v hit=""
    shift
    for v in "$@"; do
        [ -n "$v" ] || { not_ok "$n" "an empty value to look for"; return; }
        hit=$(grep -r -l -a -F -e "$v" "$HOME" "$T_TMP" 2>/dev/null | head -n 3)
        [ -n "$hit" ] && break
    done
    if [ -z "$hit" ]; then ok "$n"; else not_ok "$n" "found in: $hit"; fi
}

# The tokens the Secret Service holds for ENTRY: ACCESS, REFRESH, CLIENT_SECRET.
stored_tokens() {
    local json
    json=$(secret-tool lookup profile "$ENTRY" 2>/dev/null) || return 1
    eval "$(printf '%s' "$json" | python3 -c '
import json, shlex, sys
outer = json.load(sys.stdin)
inner = json.loads(outer["SessionToken"])
for k, v in (("ACCESS", "accessToken"), ("REFRESH", "refreshToken"), ("CLIENT_SECRET", "clientSecret")):
    print(k + "=" + shlex.quote(inner.get(v) or ""))
')"
    [ -n "$ACCESS" ]
}

check "gnome-keyring-daemon starts" keyring_start "klx-keyring-$(rand_hex 8)"
start_sim || { not_ok "simulator"; finish; exit; }
export AWS_ENDPOINT_URL=$SIM_URL AWS_REGION=us-east-1

# ---- Not an SSO profile; nothing stored yet ----
kx --profile plain sso login
check_eq "sso login for a profile without SSO settings: usage (2)" "$RC" 2
check_contains "... naming the profile and what it needs" "$ERR" \
    "profile plain: it is not an IAM Identity Center (SSO) profile"
kx --profile dev list-response-plans
check_eq "a call before any login: no credentials (3)" "$RC" 3
check_contains "... saying to log in" "$ERR" "klaxon sso login --profile dev"

# ---- Login, approved by opening the URL ----
if login_bg --profile dev; then
    ok "login prints the URL and the code"
    check_contains "... in the documented words" "$(head -n 1 "$T_TMP/login.out")" \
        "Open this URL on any device:"
    check_contains "... the URL is the simulator's" "$LOGIN_URL" "$SIM_URL"
    check "opening the URL approves the code" curl -fsS -o /dev/null "$LOGIN_URL"
    login_wait
    check_eq "login exits 0 once approved" "$RC" 0
    check_contains "... saying it signed in" "$OUT" "Signed in to https://d-test.awsapps.com/start"
else
    not_ok "login prints the URL and the code" "$(cat "$T_TMP/login.err")"
    kill "$LOGIN_PID" 2>/dev/null; wait "$LOGIN_PID" 2>/dev/null
fi
check "the tokens are in the Secret Service" stored_tokens

kx --profile dev list-response-plans
check_eq "a call after login works (0)" "$RC" 0
check_contains "... listing the plans" "$OUT" "responsePlanSummaries"
check_eq "... after one GetRoleCredentials" "$(count GetRoleCredentials)" 1
tokens_before=$(count CreateToken)
kx --profile dev list-response-plans
check_eq "a second call works too" "$RC" 0
check_eq "... with the keyring's token: no new CreateToken" "$(count CreateToken)" "$tokens_before"
check_eq "... and the role's cached session: no new GetRoleCredentials" \
    "$(count GetRoleCredentials)" 1
check_eq "one RegisterClient so far" "$(count RegisterClient)" 1

# A second login reuses the stored registration.
if login_bg --profile dev && curl -fsS -o /dev/null "$LOGIN_URL"; then
    login_wait
    check_eq "a second login exits 0" "$RC" 0
    check_eq "... reusing the registration (still one RegisterClient)" "$(count RegisterClient)" 1
else
    not_ok "a second login" "$(cat "$T_TMP/login.err")"
fi
stored_tokens
no_plain_copy "no access token, refresh token or client secret in a plain file" \
    "$ACCESS" "$REFRESH" "$CLIENT_SECRET"

# ---- Logout ----
kx --profile dev sso logout
check_eq "logout exits 0" "$RC" 0
check_contains "... saying what it removed" "$OUT" "removed from the keyring"
check_contains "... and that the AWS CLI's login is left alone" "$OUT" "aws sso logout"
if secret-tool lookup profile "$ENTRY" >/dev/null 2>&1; then not_ok "logout drops the entry"
else ok "logout drops the entry"; fi
kx --profile dev list-response-plans
check_eq "a call after logout: no credentials (3)" "$RC" 3
check_contains "... saying to log in" "$ERR" "klaxon sso login --profile dev"
kx --profile dev sso logout
check_eq "a second logout exits 0" "$RC" 0
check_contains "... saying there was nothing" "$OUT" "klaxon had no SSO tokens"

# ---- Ctrl-C while waiting ----
if login_bg --profile dev; then
    kill -INT "$LOGIN_PID"
    login_wait
    check_eq "Ctrl-C stops login: cancelled (1)" "$RC" 1
    check_contains "... saying nothing was stored" "$ERR" "stopped; nothing was stored"
else
    not_ok "login for Ctrl-C"
fi

# ---- slow_down, expiry, denial: a simulator each ----
kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
start_sim --sso-approve --sso-slow-down 1 || { not_ok "simulator (slow_down)"; finish; exit; }
export AWS_ENDPOINT_URL=$SIM_URL
kx --profile dev sso login
check_eq "login through a slow_down exits 0" "$RC" 0
check_eq "... after two CreateToken calls" "$(count CreateToken)" 2
kx --profile dev list-response-plans
check_eq "... and the call works" "$RC" 0

kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
start_sim --sso-device-ttl 1 || { not_ok "simulator (expiry)"; finish; exit; }
export AWS_ENDPOINT_URL=$SIM_URL
kx --profile legacy sso login
check_eq "a code nobody approves expires: exit 3" "$RC" 3
check_contains "... saying so and what to do" "$ERR" \
    "profile legacy: the code expired before the sign-in was approved; run klaxon sso login again"

kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
start_sim --sso-deny-device || { not_ok "simulator (denied)"; finish; exit; }
export AWS_ENDPOINT_URL=$SIM_URL
kx --profile legacy sso login
check_eq "a denied sign-in: exit 3" "$RC" 3
check_contains "... saying so" "$ERR" "profile legacy: the sign-in was denied"

# ---- The file vault, no D-Bus ----
kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
start_sim --sso-approve || { not_ok "simulator (vault)"; finish; exit; }
export AWS_ENDPOINT_URL=$SIM_URL
# The last part: the Secret Service is not asked again after it.
unset DBUS_SESSION_BUS_ADDRESS
export KLAXON_KEYRING=file KLAXON_VAULT_PASSPHRASE=klx-vault-$(rand_hex 8)
kx --profile legacy sso login
check_eq "vault: login exits 0" "$RC" 0
check_eq "vault: the vault holds it, mode 0600" \
    "$(stat -c %a "$XDG_DATA_HOME/klaxon/vault" 2>/dev/null)" 600
kx --profile legacy list-response-plans
check_eq "vault: a call after login works" "$RC" 0
if grep -q -a -F -e "accessToken" -e "d-legacy" "$XDG_DATA_HOME/klaxon/vault"; then
    not_ok "vault: nothing readable in the vault"
else ok "vault: nothing readable in the vault"; fi
kx --profile legacy sso logout
check_eq "vault: logout exits 0" "$RC" 0
kx --profile legacy list-response-plans
check_eq "vault: a call after logout: exit 3" "$RC" 3
finish
