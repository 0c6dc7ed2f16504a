#!/usr/bin/env bash
# `klaxon training --sso` in a real terminal (tmux): the sign-in screen shows the URL and the
# code; the test opens the URL (curl, as a trainee on a bastion would) and the plans appear;
# F10 then Enter declares, exit 0. Nothing lands in ~/.aws and the throwaway vault is removed.
# Then --plain: the same sign-in lines, and the plans once approved.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"
# Seconds to wait for each screen: the throwaway vault's scrypt is slow under memcheck.
W=30
[ -n "${KLX_VALGRIND_BIN:-}" ] && W=300

mkdir -p "$T_TMP/tmp"
export TMPDIR=$T_TMP/tmp
screen_url() { tui_screen | sed -n '/Open this URL on any device:/{n;p;q}' | tr -d ' '; }

TUI_ENV="TMPDIR=$TMPDIR" tui_start 80 24 "$KLAXON" training --sso
if tui_wait "and enter the code:" "$W"; then
    screen=$(tui_screen)
    check_contains "the sign-in screen names the training profile" "$screen" \
        "Sign in to IAM Identity Center (profile training)"
    check_contains "... shows the code" "$screen" "and enter the code:"
    url=$(screen_url)
    check_contains "... the URL is the simulator's" "$url" "http://127.0.0.1:"
    check "opening the URL approves the code" curl -fsS -o /dev/null "$url"
    tui_wait "Response plan" "$W" && ok "once approved, the form appears"
    tui_keys Enter
    tui_wait "of 5 plans" "$W" && ok "... and the plans appear"
    tui_keys Enter
    tui_wait "Runbook" "$W"
    tui_keys F10
    tui_wait "The request body" "$W" && ok "F10: the review"
    tui_keys Enter
    tui_wait "Incident declared" "$W" && ok "Enter declares"
    tui_keys q
    check_eq "exit status 0 (declared)" "$(tui_wait_exit)" "0"
    check_contains "training lists what was declared" "$(tui_screen)" \
        "Training session: 1 incident declared"
else
    not_ok "the sign-in screen shows the code" "$(tui_screen)"
fi
check "nothing was written in ~/.aws" test ! -e "$HOME/.aws"
check_eq "the throwaway vault's directory is gone" "$(ls -A "$TMPDIR")" ""

# ---- --plain: the same lines, then the plans ----
# Under memcheck the throwaway vault's scrypt alone takes minutes: 10 of them at most there.
secs=60
[ -n "${KLX_VALGRIND_BIN:-}" ] && secs=600
check_plain_sso_sign_in "$secs" training --sso
check_eq "... and its vault's directory is gone" "$(ls -A "$TMPDIR")" ""
finish
