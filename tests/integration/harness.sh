#!/usr/bin/env bash
# The integration harness itself (lib.sh, tui_lib.bash, run.sh): an empty expected text fails, a
# skip is counted apart, a golden screen is never written by a test, and a test that hangs is
# killed at its time limit and fails.
source "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
inner() { # run SCRIPT-TEXT with lib.sh in a fresh bash; prints its summary line
    bash -c "source '$here/lib.sh'; $1" 2>&1 | tail -n 1
}
check_eq "check_contains with an empty needle fails" \
    "$(inner 'token=""; check_contains "token shown" "klaxon history --resend x" "$token"; finish')" \
    "0 passed, 1 failed, 0 skipped"
check_eq "check_contains still passes on a real needle" \
    "$(inner 'check_contains "shown" "abc" "b"; finish')" "1 passed, 0 failed, 0 skipped"
check_eq "check_token fails on an empty token" "$(inner 'check_token "t" ""; finish')" \
    "0 passed, 1 failed, 0 skipped"
check_eq "check_token fails on an empty JSON string" "$(inner "check_token t '\"\"'; finish")" \
    "0 passed, 1 failed, 0 skipped"
check_eq "check_token passes a UUID in JSON quotes" \
    "$(inner "check_token t '\"6f1c2a7e-4b1d-4c3e-9a3f-2b7d8e9f0a1b\"'; finish")" \
    "1 passed, 0 failed, 0 skipped"
check_eq "a skip is counted apart, not as a pass" \
    "$(inner 'skip "the thing" "cannot here"; finish')" "0 passed, 0 failed, 1 skipped"

# A golden screen is compared, never rewritten, whatever the environment says.
if command -v tmux >/dev/null; then
    mkdir -p "$T_TMP/golden"
    printf 'not the screen\n' >"$T_TMP/golden/g.txt"
    out=$(UPDATE_GOLDEN=1 GOLDEN_DIR="$T_TMP/golden" bash -c "source '$here/lib.sh'
        source '$here/tui_lib.bash'; tui_start 20 3 echo hello; sleep 0.5; tui_golden g; finish" 2>&1)
    check_contains "a golden that differs fails even with UPDATE_GOLDEN=1" "$out" "0 passed, 1 failed"
    check_eq "and the golden file is left as it was" "$(cat "$T_TMP/golden/g.txt")" "not the screen"
else
    skip "golden screens" "tmux is not installed"
fi

# run.sh's time limit: a test that hangs is killed and fails with a TIMEOUT line.
mkdir -p "$T_TMP/suite/tests/integration" "$T_TMP/suite/b/tests"
cp "$here/../run.sh" "$T_TMP/suite/tests/run.sh"
cp "$here/lib.sh" "$T_TMP/suite/tests/integration/lib.sh"
printf 'source "$(dirname "$0")/lib.sh"\nok quick\nfinish\n' >"$T_TMP/suite/tests/integration/quick.sh"
printf 'source "$(dirname "$0")/lib.sh"\nsleep 300\nok never\nfinish\n' \
    >"$T_TMP/suite/tests/integration/hangs.sh"
# The inner run is a plain one whatever pass this is (memcheck would triple its limit).
out=$(cd "$T_TMP/suite" && TEST_TIMEOUT=2 timeout 60 env -u KLX_VALGRIND -u KLX_VALGRIND_BIN \
    bash tests/run.sh b 2>&1)
check_contains "the hanging test is named as timed out" "$out" "TIMEOUT hangs: still running after 2s"
check_contains "and fails the run" "$out" "1 passed, 1 failed, 0 skipped"
finish
