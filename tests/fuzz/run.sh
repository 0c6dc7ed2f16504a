#!/usr/bin/env bash
# Runs the libFuzzer harnesses built by `make fuzz-build` and reports executions and crashes.
# Usage: tests/fuzz/run.sh [--build DIR] [--seconds N | --runs N] [NAME...]
#   --seconds N  fuzz each harness for N seconds (default 60), growing DIR/corpus/NAME
#   --runs N     a short smoke: N inputs from seed 1, nothing kept but crash artifacts
#   NAME         harness names (config, fuzz_config); default every DIR/fuzz/fuzz_*
# Seeds come from tests/fuzz/corpus/NAME (never written), hints from tests/fuzz/klaxon.dict.
# Crashes, leaks and hangs leave a reproducer in DIR/artifacts/ and make the script fail.
# Logs: DIR/logs/NAME.log.
set -u
cd "$(dirname "$0")/../.." || exit 2
build=build-fuzz seconds=60 runs=""
while [ $# -gt 0 ]; do
    case $1 in
    --build) build=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done

names=()
if [ $# -gt 0 ]; then
    for n in "$@"; do names+=("${n#fuzz_}"); done
else
    for h in "$build"/fuzz/fuzz_*; do
        [ -x "$h" ] && names+=("$(basename "${h#*/fuzz/fuzz_}")")
    done
fi
if [ ${#names[@]} -eq 0 ]; then
    echo "run.sh: no harnesses in $build/fuzz (run make fuzz-build)" >&2
    exit 2
fi

mkdir -p "$build/artifacts" "$build/logs"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/klx-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
failed=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

for name in "${names[@]}"; do
    bin=$build/fuzz/fuzz_$name seeds=tests/fuzz/corpus/$name log=$build/logs/$name${runs:+-smoke}.log
    if [ ! -x "$bin" ]; then
        echo "fuzz_$name: MISSING $bin"; failed=1; continue
    fi
    if [ ! -d "$seeds" ] || [ -z "$(ls -A "$seeds")" ]; then
        echo "fuzz_$name: NO SEEDS in $seeds"; failed=1; continue
    fi
    opts=(-artifact_prefix="$build/artifacts/$name-" -timeout=25 -rss_limit_mb=2048
        -print_final_stats=1 -dict=tests/fuzz/klaxon.dict)
    if [ -n "$runs" ]; then
        work=$scratch/$name
        opts+=(-runs="$runs" -seed=1)
    else
        work=$build/corpus/$name
        opts+=(-max_total_time="$seconds")
    fi
    mkdir -p "$work"
    start=$SECONDS
    "$bin" "${opts[@]}" "$work" "$seeds" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    corpus=$(find "$work" -type f | wc -l)
    if [ $rc -eq 0 ] && ! grep -qE '^(==[0-9]+==ERROR|SUMMARY: )' "$log"; then
        printf 'fuzz_%-16s ok: %s runs in %ds, corpus %d\n' "$name" "${execs:-?}" \
            $((SECONDS - start)) "$corpus"
    else
        failed=1
        artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        printf 'fuzz_%-16s CRASH (exit %d) after %ds: %s\n' "$name" $rc $((SECONDS - start)) \
            "${artifact:-no artifact, see $log}"
        grep -E '^(==[0-9]+==ERROR|SUMMARY:|    #[0-9]+ )|runtime error|^==[0-9]+== ERROR' "$log" |
            grep -vE 'fuzzer::|libc_start|in _start |in main ' | sed 's/ (BuildId: [0-9a-f]*)//' |
            head -n 20 | sed 's/^/    /'
        echo "    reproduce: $bin $artifact"
    fi
done
exit $failed
