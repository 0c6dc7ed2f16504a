#!/usr/bin/env bash
# A short smoke of every libFuzzer harness (make check): builds them with clang (a test
# dependency, installed by scripts/install-deps) when needed, then runs each over its seed corpus
# plus 2000 mutated inputs from a fixed seed. A crash, leak, hang or sanitizer report fails.
# The long runs are `make fuzz` (FUZZ_SECONDS per harness).
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 2
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
RUNS=${FUZZ_SMOKE_RUNS:-2000}

# Up to date or rebuilt: a stale harness would test yesterday's code. Not the outer make's flags
# (its jobserver is not ours, its CC or BUILD are not the fuzz build's).
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -j"$(nproc)" \
    FUZZ_BUILD="$FUZZ_BUILD" fuzz-build >"$T_TMP/build.log" 2>&1; then
    ok "make fuzz-build builds the harnesses with clang"
else
    not_ok "make fuzz-build builds the harnesses with clang" "$(tail -n 15 "$T_TMP/build.log")"
    finish
    exit
fi

expected=()
for src in tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    expected+=("${name#fuzz_}")
    check "$name is built" test -x "$FUZZ_BUILD/fuzz/$name"
    n=$(find "tests/fuzz/corpus/${name#fuzz_}" -type f 2>/dev/null | wc -l)
    check "$name has a seed corpus ($n files)" test "$n" -ge 3
done
check "there are harnesses for the parsers (${#expected[@]})" test "${#expected[@]}" -ge 8

# One line per harness from run.sh: "fuzz_NAME ok: ..." or "fuzz_NAME CRASH ...".
tests/fuzz/run.sh --build "$FUZZ_BUILD" --runs "$RUNS" "${expected[@]}" >"$T_TMP/run.log" 2>&1
rc=$?
for name in "${expected[@]}"; do
    line=$(grep -E "^fuzz_$name " "$T_TMP/run.log" | head -n 1)
    if [[ $line == *" ok: "* ]]; then
        ok "fuzz_$name: $RUNS inputs, no crash (${line#*ok: })"
    else
        not_ok "fuzz_$name: $RUNS inputs, no crash" "${line:-no result}" \
            "$(grep -A 30 -E "^fuzz_$name " "$T_TMP/run.log" | sed -n '2,30p')"
    fi
done
check_eq "run.sh exits 0" "$rc" 0
finish
