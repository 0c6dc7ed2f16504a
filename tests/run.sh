#!/usr/bin/env bash
# Runs every unit-test binary and integration script, then prints one line:
# "N passed, N failed, N skipped". Each test has a time limit (TEST_TIMEOUT seconds, 600 by
# default, three times that under valgrind): a test that hangs fails, and says so.
# Usage: tests/run.sh [BUILD_DIR] [PATTERN]   (PATTERN filters test names, e.g. sigv4)
set -u
build=${1:-build}
pattern=${2:-}
cd "$(dirname "$0")/.." || exit 2
export KLX_BUILD="$PWD/$build" TEST_DATA_DIR="$PWD/tests/data" LC_ALL=C.UTF-8 TZ=UTC
outdir="$PWD/tests/out/$(basename "$build")${KLX_VALGRIND:+-valgrind}"
mkdir -p "$outdir"
passed=0 failed=0 skipped=0 broken=()
limit=${TEST_TIMEOUT:-600}
[ -n "${KLX_VALGRIND:-}" ] && limit=$((limit * 3))

run_one() { # name, command...
    local name=$1; shift
    [ -n "$pattern" ] && [[ $name != *$pattern* ]] && return
    local log="$outdir/$name.log" start=$SECONDS
    # Its own process group, killed whole at the limit (and 10 s later by SIGKILL if need be).
    timeout --kill-after=10 "$limit" "$@" >"$log" 2>&1 </dev/null
    local rc=$?
    local line p f s=0
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        echo "TIMEOUT $name: still running after ${limit}s, killed: see $log" | tee -a "$log"
    fi
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        p=0 f=1
        echo "BROKEN $name (exit $rc, no summary line): see $log"
        tail -n 20 "$log" | sed 's/^/    /'
    else
        p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
        [[ $line == *" skipped"* ]] && { s=${line##*failed, }; s=${s%% skipped*}; }
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "BROKEN $name: exit $rc"; fi
    fi
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    if [ "$f" -ne 0 ]; then
        broken+=("$name")
        grep -E '^(FAIL|not ok|TIMEOUT)' "$log" | head -n 30 | sed 's/^/    /'
    fi
    printf '%-36s %4d passed, %d failed, %d skipped  (%ds)\n' "$name" "$p" "$f" "$s" \
        $((SECONDS - start))
}

# KLX_VALGRIND=1: every unit test and every klaxon/klaxon-sim an integration test starts runs
# under memcheck; any error or definite leak makes it exit 99, which fails the test.
vg=()
if [ -n "${KLX_VALGRIND:-}" ]; then
    vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
        --show-leak-kinds=definite,indirect --track-fds=no --suppressions="$PWD/tests/valgrind.supp")
    # Wrappers the integration tests run instead of the binaries (lib.sh picks them up).
    export KLX_VALGRIND_BIN="$outdir/valgrind-bin"
    mkdir -p "$KLX_VALGRIND_BIN"
    for p in klaxon klaxon-sim; do
        printf '#!/bin/sh\nexec %s %s "$@"\n' "${vg[*]}" "$KLX_BUILD/$p" >"$KLX_VALGRIND_BIN/$p"
        chmod +x "$KLX_VALGRIND_BIN/$p"
    done
fi
for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    run_one "$(basename "$t")" "${vg[@]}" "$t"
done
for t in tests/integration/*.sh; do
    [ -f "$t" ] && [ "$(basename "$t")" != lib.sh ] || continue
    # A test whose checks are deadlines (D-Bus, terminal timing) can opt out of the memcheck pass
    # with a "# valgrind: skip: REASON" line; the plain and ASan passes still run it.
    why=$(sed -n 's/^# valgrind: skip: //p' "$t" | head -n 1)
    if [ ${#vg[@]} -gt 0 ] && [ -n "$why" ] && [[ -z $pattern || $t == *$pattern* ]]; then
        printf '%-36s skipped under valgrind: %s\n' "$(basename "$t" .sh)" "$why"
        skipped=$((skipped + 1))
        continue
    fi
    run_one "$(basename "$t" .sh)" bash "$t"
done

[ ${#broken[@]} -gt 0 ] && echo "failing: ${broken[*]} (logs in $outdir)"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
