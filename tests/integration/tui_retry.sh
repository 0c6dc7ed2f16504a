#!/usr/bin/env bash
# Submitting against a faulty service (the standalone simulator, with keys in the environment):
# retries are visible and cancellable, "no answer" keeps the draft and its clientToken (exit 5)
# so a resend cannot create a second incident, a refusal is shown as one (exit 4), and missing
# credentials say what was tried (exit 3).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.bash"

DRAFT="$XDG_STATE_HOME/klaxon/draft.json"
PLAN=arn:aws:ssm-incidents::111122223333:response-plan/payments-latency

with_keys="AWS_ACCESS_KEY_ID=$SIM_AKID AWS_SECRET_ACCESS_KEY=$SIM_SECRET AWS_REGION=us-east-1"
tokens() { grep '"operation":"StartIncident"' "$SIM_LOG" | grep -o '"client_token":"[^"]*"' | sort -u; }

fill_and_review() { # TITLE
    tui_wait "Quit" || return
    tui_keys Enter
    tui_wait "of 5 plans" || return
    tui_type "payments"
    tui_keys Enter
    tui_wait "Runbook" || return
    tui_keys Tab C-u
    tui_type "$1"
    tui_keys F10
    tui_wait "The request body"
}
# submit ATTEMPTS TITLE SIM_ARGS...: a simulator started with SIM_ARGS, klaxon against it with
# AWS_MAX_ATTEMPTS=ATTEMPTS, the form filled in with TITLE and submitted.
submit() {
    local attempts=$1 title=$2
    shift 2
    start_sim "$@" || exit 1
    TUI_ENV="$with_keys AWS_MAX_ATTEMPTS=$attempts" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
    fill_and_review "$title"
    tui_keys Enter
}

# --- Two 500s, then success: the progress line shows each retry; one incident, one token.
submit 3 "Retried into existence" --fail 2
tui_wait "Incident declared" 20
tui_wait "OPEN"
check_eq "three StartIncident attempts reached the service" \
    "$(grep -c '"operation":"StartIncident"' "$SIM_LOG")" "3"
check_eq "every attempt carried the same clientToken" "$(tokens | wc -l)" "1"
check_contains "the console link is shown" "$(tui_screen)" \
    "https://console.aws.amazon.com/systems-manager/incidents/home?region=us-east-1"
tui_keys q
check_eq "declared after retries: exit 0" "$(tui_wait_exit)" "0"
check_contains "the ARN is printed after exit" "$(tui_screen)" "Declared arn:aws:ssm-incidents::"
check "the declaration is in the journal" grep -q "Retried into existence" "$XDG_STATE_HOME/klaxon/journal.jsonl"
cache=$(ls "$XDG_CACHE_HOME"/klaxon/plans-*.json 2>/dev/null | head -n 1)
check "the plan list is cached for the next start" test -n "$cache"
check_eq "the cache is 0600" "$(stat -c %a "$cache" 2>/dev/null)" "600"
check "the cache names the endpoint it came from" grep -q "$SIM_URL" "$cache"

# --- Always throttled: the countdown shows; Esc stops retrying; the draft keeps the token.
submit 10 "Stopped by the responder" --throttle 1000
tui_wait "Retrying in" 20
check_contains "the failure is named" "$(tui_screen)" "ThrottlingException"
tui_keys Escape
tui_wait "Outcome unknown: it may have been declared" 30
tui_golden retry-cancelled
check "the draft is kept" test -f "$DRAFT"
token=$(grep -o '"clientToken": "[^"]*"' "$DRAFT" | head -1)
check_token "the draft holds a clientToken" "${token#*: }"
check_contains "the draft keeps the clientToken that was sent" "$(tokens)" "${token#*: }"
check "the draft says it was sent without an answer" grep -q '"sent": true' "$DRAFT"
tui_keys q
check_eq "stopped by the responder: exit 1" "$(tui_wait_exit)" "1"

# --- The next start offers it back, says it was sent, and resending reuses the token.
start_sim || exit 1
TUI_ENV="$with_keys" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
tui_wait "Resume the draft"
check_contains "the offer says it was sent once" "$(tui_screen)" "It was sent once without an answer"
tui_keys Enter
tui_wait "Stopped by the responder"
tui_keys F10
tui_wait "The request body"
tui_keys Enter
tui_wait "Incident declared" 20
tui_keys q
check_eq "resent: exit 0" "$(tui_wait_exit)" "0"
check_contains "the resend carried the first clientToken" "$(tokens)" "${token#*: }"
check "the draft is gone" test ! -e "$DRAFT"

# --- No answer at all (connections dropped every time): exit 5, draft and token kept.
submit 2 "Nobody answers" --drop 1000
tui_wait "Outcome unknown: it may have been declared" 30
check_contains "it says nothing is lost" "$(tui_screen)" "cannot declare the incident twice"
tui_keys q
check_eq "unreachable: exit 5" "$(tui_wait_exit)" "5"
check "the draft is kept" grep -q "Nobody answers" "$DRAFT"
rm -f "$DRAFT"

# --- A refusal (an unknown plan typed as an ARN): shown, back to the form, exit 4 on leaving.
start_sim || exit 1
TUI_ENV="$with_keys" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
tui_wait "Quit"
tui_type "arn:aws:ssm-incidents::111122223333:response-plan/no-such-plan"
tui_wait "Use this ARN"
tui_keys Enter
tui_wait "Cannot load the plan: ResourceNotFoundException"
tui_keys Tab
tui_wait "> Title"
tui_type "Declared against a missing plan"
tui_keys F10
tui_wait "The request body"
tui_keys Enter
tui_wait "Not declared" 20
check_contains "the refusal is named" "$(tui_screen)" "ResourceNotFoundException"
tui_keys Enter
tui_wait "Refused:"
tui_leave d
check_eq "refused: exit 4" "$TUI_EXIT" "4"

# --- No credentials anywhere: a screen that says what was tried and how to fix it; exit 3.
start_sim || exit 1
TUI_ENV="AWS_REGION=us-east-1" tui_start 80 24 "$KLAXON" --endpoint-url "$SIM_URL"
tui_wait "No usable AWS credentials"
tui_wait "How to fix it"
check_contains "it names the sources tried" "$(tui_screen)" "environment"
tui_keys q
check_eq "no credentials: exit 3" "$(tui_wait_exit)" "3"

tui_stop
finish
