# Shared helpers for integration tests: tally, simulator start/stop, temp dirs. Source it.
# Every script ends with `finish`, which prints "N passed, N failed, N skipped".
set -u
T_PASSED=0 T_FAILED=0 T_SKIPPED=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/klx-test.XXXXXX")
KLX_BUILD=${KLX_BUILD:-$PWD/build}
KLAXON=$KLX_BUILD/klaxon
KLAXON_SIM=$KLX_BUILD/klaxon-sim
# Under `make check` the suite's last pass runs the programs under memcheck (tests/run.sh).
if [ -n "${KLX_VALGRIND_BIN:-}" ]; then
    KLAXON=$KLX_VALGRIND_BIN/klaxon KLAXON_SIM=$KLX_VALGRIND_BIN/klaxon-sim
fi
T_PIDS=()

# Keep tests away from the developer's real AWS files and keyring.
export HOME="$T_TMP/home" XDG_STATE_HOME="$T_TMP/home/.local/state" \
    XDG_DATA_HOME="$T_TMP/home/.local/share" \
    XDG_CACHE_HOME="$T_TMP/home/.cache" XDG_CONFIG_HOME="$T_TMP/home/.config"
mkdir -p "$HOME"
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE \
    AWS_REGION AWS_DEFAULT_REGION AWS_ENDPOINT_URL AWS_ENDPOINT_URL_SSM_INCIDENTS AWS_CA_BUNDLE \
    AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE AWS_MAX_ATTEMPTS KLAXON_KEYRING
export AWS_EC2_METADATA_DISABLED=true

t_cleanup() {
    local p
    for p in "${T_PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    rm -rf "$T_TMP"
}
trap t_cleanup EXIT

ok() { T_PASSED=$((T_PASSED + 1)); echo "ok $1"; }
# skip NAME REASON: a check this machine or pass cannot run; counted apart, never as a pass.
skip() { T_SKIPPED=$((T_SKIPPED + 1)); echo "skip $1: $2"; }
not_ok() { T_FAILED=$((T_FAILED + 1)); echo "not ok $1"; [ $# -gt 1 ] && printf '    %s\n' "${@:2}"; }
# check NAME COMMAND...: passes when the command succeeds.
check() { local n=$1; shift; if "$@"; then ok "$n"; else not_ok "$n" "command: $*"; fi; }
# check_eq NAME GOT WANT
check_eq() { if [ "$2" == "$3" ]; then ok "$1"; else not_ok "$1" "got:  $2" "want: $3"; fi; }
# check_contains NAME HAYSTACK NEEDLE (an empty needle fails: every text contains it, so a value
# that came out empty -- a token, an ARN -- would otherwise pass unseen)
check_contains() {
    if [ -z "$3" ]; then not_ok "$1" "nothing to look for: the expected text is empty"
    elif [[ $2 == *"$3"* ]]; then ok "$1"
    else not_ok "$1" "missing: $3" "in: ${2:0:400}"; fi
}
# check_token NAME TOKEN: TOKEN is a token (JSON quotes around it allowed): 1 to 64 printable
# characters without spaces. An empty one fails, before any check that looks for it.
check_token() {
    local t=${2#\"}
    t=${t%\"}
    if [[ $t =~ ^[!-~]{1,64}$ ]] && [[ $t != *'"'* ]]; then ok "$1"
    else not_ok "$1" "not a token: '$2'"; fi
}
finish() {
    echo "$T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
    [ "$T_FAILED" -eq 0 ]
}

# start_sim [ARGS...]: starts klaxon-sim on a free port; sets SIM_URL, SIM_PID, SIM_LOG.
start_sim() {
    SIM_LOG="$T_TMP/sim-$RANDOM.jsonl"
    local out="$T_TMP/sim-$RANDOM.out"
    "$KLAXON_SIM" --port 0 --log "$SIM_LOG" "$@" >"$out" 2>&1 &
    SIM_PID=$!
    T_PIDS+=("$SIM_PID")
    SIM_URL=$(listening_url "$out") && return 0
    echo "simulator did not start:"; cat "$out"
    return 1
}

# start_sim_keyed KEYLINE... : start_sim accepting only these keys ("AKID:SECRET" or
# "AKID:SECRET:TOKEN" lines), handed over in a private file so that they stay out of the process
# list; the file is gone once the simulator has read it.
start_sim_keyed() {
    local dir=$T_TMP/simkeys rc
    mkdir -m 700 "$dir" || return 1
    printf '%s\n' "$@" >"$dir/keys" && chmod 600 "$dir/keys" || return 1
    start_sim --credentials-file "$dir/keys"
    rc=$?
    rm -rf "$dir"
    return "$rc"
}

# listening_url FILE: the URL a server announced in FILE ("listening on URL"), waiting up to 20 s
# for it; fails when none came.
listening_url() {
    local i url
    for i in $(seq 1 400); do
        url=$(sed -n 's/^listening on //p' "$1" | head -n 1)
        [ -n "$url" ] && { echo "$url"; return 0; }
        sleep 0.05
    done
    return 1
}

# wait_for_text FILE TEXT [SECONDS]: until FILE holds TEXT (a fixed string); 30 s at most unless
# told. A deadline for a loaded machine, not a timing assertion.
wait_for_text() {
    for _ in $(seq 1 $((${3:-30} * 20))); do
        grep -q -F -e "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

# check_plain_sso_sign_in SECONDS ARGS...: `klaxon --plain ARGS` (a profile that must sign in to
# IAM Identity Center, answers from a FIFO) prints the URL and the code; opening the URL (curl,
# as a person on a phone would) approves it and the plans are listed; once its answers end it
# ends, without a crash. SECONDS bounds each wait. Its output stays in $T_TMP/plain.out.
check_plain_sso_sign_in() {
    local secs=$1 out=$T_TMP/plain.out fifo=$T_TMP/answers pid rc url
    shift
    mkfifo "$fifo"
    "$KLAXON" --plain "$@" <"$fifo" >"$out" 2>&1 &
    pid=$!
    exec 3>"$fifo"
    if wait_for_text "$out" "and enter the code: " "$secs"; then
        ok "--plain prints the URL and the code"
        check_contains "... in the same words" "$(cat "$out")" "Open this URL on any device:"
        url=$(sed -n '/Open this URL on any device:/{n;p;q}' "$out" | tr -d ' ')
        check "opening the URL approves it" curl -fsS -o /dev/null "$url"
        if wait_for_text "$out" "Database degraded" "$secs"; then
            ok "--plain: once approved, the plans are listed"
        else
            not_ok "--plain: once approved, the plans are listed" "$(cat "$out")"
        fi
    else
        not_ok "--plain prints the URL and the code" "$(cat "$out")"
    fi
    exec 3>&-
    wait "$pid"
    rc=$?
    check "--plain ends when its answers end (no crash: $rc)" test "$rc" -lt 128
}

# The simulator's default training key pair (klaxon-sim --help documents it).
SIM_AKID=AKIDKLAXONTRAINING
SIM_SECRET=klaxon/training/secret/not/for/production
use_sim_keys() {
    export AWS_ACCESS_KEY_ID=$SIM_AKID AWS_SECRET_ACCESS_KEY=$SIM_SECRET AWS_REGION=us-east-1
}

# require_klaxon [sim]: a test of klaxon's own binary (and klaxon-sim's, with "sim") stops at
# once, with one failure, when it is not built.
require_klaxon() {
    [ -x "$KLAXON" ] && { [ "${1:-}" != sim ] || [ -x "$KLAXON_SIM" ]; } && return 0
    not_ok "klaxon is built" "missing: $KLAXON${1:+ or $KLAXON_SIM}"
    finish
    exit
}
# The AWS CLI that comparisons run: Debian's awscli, not a pyenv shim that may come first on PATH.
AWS=/usr/bin/aws
# require_aws_cli [skip]: a test comparing klaxon with the AWS CLI stops at once when it is not
# installed: with one failure, or with "skip" as skipped (the checks of klaxon alone, before
# this point, have run).
require_aws_cli() {
    [ -x "$AWS" ] && return 0
    if [ "${1:-}" = skip ]; then skip "comparisons with the AWS CLI" "it is not installed"
    else not_ok "the AWS CLI is installed (apt-get install awscli)"; fi
    finish
    exit
}
# rand_hex N: N random bytes in hex. random_keys TAG: fresh AKID and SECRET for this run (so that
# a scan for them finds only what this run wrote). random_session_keys TAG: a fresh temporary
# pair with its session token too: TEMP_AKID, TEMP_SECRET, TOKEN.
rand_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
random_keys() {
    AKID=AKIA$(rand_hex 8 | tr a-f A-F)
    SECRET=$1/$(rand_hex 16)
}
random_session_keys() {
    TEMP_AKID=ASIA$(rand_hex 8 | tr a-f A-F)
    TEMP_SECRET=$1+$(rand_hex 16)
    TOKEN=${1}Token$(rand_hex 24)
}
