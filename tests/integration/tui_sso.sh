#!/usr/bin/env bash
# The form's SSO sign-in, in a real terminal (tmux) with a real gnome-keyring-daemon: a profile
# whose SSO session is missing brings up the sign-in screen with the URL and the code; the test
# opens the URL (curl, as a person on a phone would) and the plans appear; the next run finds
# the tokens in the keyring and asks nothing; Esc stops the sign-in and the credentials screen
# follows; and --plain prints the same lines and goes on to the plans once approved.
# valgrind: skip: its checks include the Secret Service deadlines (1.5 s / 3 s), which memcheck's slowdown overruns
source "$(dirname "$0")/../tools/keyring-session.sh"
keyring_reexec "$0" "$@"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/profiles.bash"
source "$(dirname "$0")/tui_lib.bash"
require_klaxon sim

mkdir -p "$HOME/.aws"
{
    sso_profile dev corp Responder
    sso_session corp https://d-test.awsapps.com/start
} >"$HOME/.aws/config"

check "gnome-keyring-daemon starts" keyring_start "klx-keyring-$(rand_hex 8)"
start_sim || { not_ok "simulator"; finish; exit; }
export AWS_ENDPOINT_URL=$SIM_URL AWS_REGION=us-east-1

start_form() { TUI_ENV="AWS_ENDPOINT_URL=$SIM_URL AWS_REGION=us-east-1" tui_start 80 24 "$KLAXON" --profile dev; }
# The URL on the sign-in screen (the line after "Open this URL on any device:").
screen_url() { tui_screen | sed -n '/Open this URL on any device:/{n;p;q}' | tr -d ' '; }
leave() { # from the plan picker: back to the form, then Ctrl-C (nothing typed: no question)
    tui_keys Escape
    tui_wait_gone "of 5 plans"
    tui_keys C-c
    check_eq "$1: leaving without declaring: exit 1" "$(tui_wait_exit)" "1"
}

# ---- (a) No SSO session yet: the sign-in screen, approved by opening the URL ----
start_form
if tui_wait "and enter the code:" 20; then
    screen=$(tui_screen)
    check_contains "the sign-in screen names the profile" "$screen" \
        "Sign in to IAM Identity Center (profile dev)"
    check_contains "... shows the time left" "$screen" "Time left: "
    check_contains "... and Esc on the key line" "$screen" "Esc Stop waiting"
    url=$(screen_url)
    check_contains "... the URL is the simulator's" "$url" "$SIM_URL"
    check "opening the URL approves the code" curl -fsS -o /dev/null "$url"
    tui_wait "keys: sso" 20 && ok "once approved, the form has the role's keys"
    check_contains "... the sign-in screen is gone" "$(tui_screen)" "Response plan"
    tui_keys Enter
    tui_wait "of 5 plans" 20 && ok "... and the plans appear"
    leave "after the sign-in"
fi
# (The secret itself stays out of the test's log.)
check "the tokens are in the Secret Service" \
    bash -c 'secret-tool lookup profile sso-session:corp >/dev/null'


# ---- (b) The next run: the keyring's tokens, no sign-in screen ----
start_form
tui_wait "keys: cached SSO session" 20 && ok "the next run has the keys without asking (the role session kept in the keyring)"
tui_keys Enter
tui_wait "of 5 plans" 20 && ok "... and lists the plans"
if tui_capture | grep -qF "and enter the code:"; then not_ok "... with no sign-in screen"
else ok "... with no sign-in screen"; fi
leave "the next run"

# ---- (c) Esc stops the sign-in ----
"$KLAXON" --profile dev sso logout >/dev/null 2>&1
start_form
if tui_wait "and enter the code:" 20; then
    tui_keys Escape
    tui_wait "No usable AWS credentials" 20 && ok "Esc stops the sign-in: the credentials screen"
    check_contains "... which says to log in" "$(tui_screen | tr '\n' ' ' | tr -s ' ')" \
        "klaxon sso login"
    tui_keys q
    check_eq "... and q leaves with exit 3" "$(tui_wait_exit)" "3"
fi

# ---- (d) --plain: the same lines, then the plans ----
check_plain_sso_sign_in 30 --profile dev
finish
