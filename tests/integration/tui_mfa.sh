#!/usr/bin/env bash
# A role with mfa_serial in the form and in --plain: the form asks for the code in a field of its
# own naming the device (the plans wait for it), checks it live as 6 digits, shows STS's reason
# under a wrong code and keeps it for editing, and with the right code loads the plans and
# declares; Esc gives up with the credentials screen. --plain asks as the AWS CLI asks. The code
# never reaches the screen, the terminal's output, a draft or the simulator's log.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/profiles.bash"
source "$(dirname "$0")/tui_lib.bash"
require_klaxon sim
unset AWS_ENDPOINT_URL_STS AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE

random_keys klxMfa
DEVICE=arn:aws:iam::111122223333:mfa/alice
ROLE=arn:aws:iam::111122223333:role/mfa
CODE=$(printf '%06d' $((RANDOM % 1000000)))
WRONG=$(printf '%06d' $(((10#$CODE + 1) % 1000000)))
sim_keys_file "$AKID" "$SECRET"
start_sim --credentials-file "$T_TMP/keys/k" --sts-mfa-code "$CODE" || { not_ok "simulator"; finish; exit; }
{
    aws_profile base region=us-east-1
    role_profile mfa "$ROLE" base mfa_serial="$DEVICE"
} >"$T_TMP/config"
aws_section base aws_access_key_id="$AKID" aws_secret_access_key="$SECRET" >"$T_TMP/credentials"
chmod 600 "$T_TMP/credentials"
export AWS_CONFIG_FILE=$T_TMP/config AWS_SHARED_CREDENTIALS_FILE=$T_TMP/credentials
export KLAXON_KEYRING=file AWS_ENDPOINT_URL_STS=$SIM_URL

CAPS="$T_TMP/captures.txt"
RAW="$T_TMP/raw-output"
tui_capture() { tui_tmux capture-pane -p | tee -a "$CAPS"; }
start_form() {
    TUI_ENV="AWS_CONFIG_FILE=$AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE=$AWS_SHARED_CREDENTIALS_FILE"
    TUI_ENV+=" KLAXON_KEYRING=file AWS_ENDPOINT_URL_STS=$SIM_URL"
    tui_start 100 30 "$KLAXON" --profile mfa --endpoint-url "$SIM_URL"
    tui_tmux pipe-pane -o "cat >>$RAW"
}
stars() { printf '%*s' "$1" '' | tr ' ' '*'; }
count() { grep -c "\"operation\":\"$1\"" "$SIM_LOG"; }

# ---- (a) the form: the field naming the device, the rule live, a wrong code, the right one.
start_form
tui_wait "MFA code for $DEVICE" 20 && ok "the form asks in a field naming the device"
check_eq "... and nothing reached STS or Incident Manager before the code" \
    "$(wc -l <"$SIM_LOG")" 0
tui_type "${WRONG:0:5}"
tui_wait "6 digits"
check_contains "a 5-digit code shows the rule" "$(tui_screen)" "(5 typed)"
check_contains "... the code as *" "$(tui_screen)" "$(stars 5)"
tui_keys Enter
tui_wait "Not yet: MFA code"
check_eq "... and Enter does not send it" "$(wc -l <"$SIM_LOG")" 0
tui_type "${WRONG:5:1}"
tui_wait_gone "(5 typed)"
tui_keys Enter
tui_wait "MultiFactorAuthentication failed with invalid MFA one time pass code" 20 &&
    ok "a wrong code shows STS's reason on the field"
check_contains "... the code kept for editing" "$(tui_screen)" "$(stars 6)"
check_eq "... one AssumeRole was refused" "$(count AssumeRole)" 1
# Replace the kept code: six Backspaces, then the right one.
tui_keys BSpace BSpace BSpace BSpace BSpace BSpace
tui_wait_gone "MultiFactorAuthentication failed"
tui_type "$CODE"
tui_keys Enter
tui_wait_gone "MFA code for" 20 && ok "the right code closes the field"
tui_keys Enter
tui_wait "of 5 plans" 20 && ok "... and the plans load with the role's session"
tui_pick_plan "datab"
tui_wait "Primary database degraded"
tui_keys F10
tui_wait "The request body"
tui_keys Enter
tui_wait "Incident declared" 20
tui_keys q
check_eq "declared through the role: exit 0" "$(tui_wait_exit)" "0"
check_eq "... two AssumeRole calls (the wrong code, the right one)" "$(count AssumeRole)" 2
check_eq "... StartIncident signed with the role's session key" \
    "$(jq -r 'select(.operation=="StartIncident") | .access_key_id[0:4] + " " + .signature' "$SIM_LOG")" \
    "ASIA valid"
tui_stop

# ---- (b) Esc: no code, the credentials screen says why; exit 3.
start_form
tui_wait "MFA code for $DEVICE" 20
tui_keys Escape
tui_wait "No usable AWS credentials" 20
check_contains "Esc: the credentials screen names the device and what to do" \
    "$(tui_screen | tr -s ' \n' ' ')" "needs a code from MFA device $DEVICE and none was given"
tui_keys q
check_eq "... q: exit 3" "$(tui_wait_exit)" "3"
tui_stop

# ---- (b') Ctrl-C while the worker waits for the code: klaxon leaves (nothing typed, no
# question) and its threads end: exit 1, not a hang.
start_form
tui_wait "MFA code for $DEVICE" 20
tui_type "12"
tui_keys C-c
check_eq "Ctrl-C at the MFA field: klaxon leaves (exit 1)" "$(tui_wait_exit 20)" "1"
tui_stop

# ---- (c) --plain asks as the AWS CLI asks; a wrong code is asked again with STS's reason.
before=$(count AssumeRole)
out=$(printf '%s\n' "$WRONG" "$CODE" 1 1 "Plain via role" "" n y |
    timeout 60 "$KLAXON" --plain --profile mfa --endpoint-url "$SIM_URL" 2>&1)
rc=$?
check_eq "--plain through the role: exit 0" "$rc" 0
check_contains "... asks as the AWS CLI asks" "$out" "Enter MFA code for $DEVICE: "
check_contains "... a wrong code: STS's reason, asked again" "$out" \
    "STS refused the code: MultiFactorAuthentication failed"
check_contains "... declared" "$out" "Declared. Incident ARN: arn:aws:ssm-incidents::"
check_eq "... two AssumeRole calls" "$(($(count AssumeRole) - before))" 2
ALL=$out
out=$(printf '12345\n\n' | timeout 60 "$KLAXON" --plain --profile mfa --endpoint-url "$SIM_URL" 2>&1)
check_eq "--plain: a 5-digit code is refused with the rule, an empty one gives up: exit 3" "$?" 3
check_contains "... the rule" "$out" "MFA code: 6 digits"
check_contains "... no code: the credentials message" "$out" "needs a code from MFA device $DEVICE"
ALL+=$out

# ---- the code is a secret: nowhere on screen, in the terminal's output, the state or the log.
check_eq "the codes never reached a screen" "$(grep -cw -e "$CODE" -e "$WRONG" "$CAPS")" 0
check_eq "... nor the terminal's raw output" "$(grep -cw -e "$CODE" -e "$WRONG" "$RAW")" 0
check_eq "... nor --plain's output" "$(grep -cw -e "$CODE" -e "$WRONG" <<<"$ALL")" 0
check_eq "... nor any file under HOME or the state dirs" \
    "$(grep -rlw -e "$CODE" -e "$WRONG" "$HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME" 2>/dev/null | wc -l)" 0
finish
