#!/usr/bin/env bash
# Renew the form's golden screens (tests/golden/*.txt) from a run of the tests that show them.
# Not a test: it checks nothing and reports nothing as passed. It shows each screen that changed
# as a diff, then writes the new ones into tests/golden for review with `git diff`.
# Usage: tests/tools/update-golden.sh [BUILD_DIR] [TEST_NAME...]   (default: every tui_*.sh)
set -u
cd "$(dirname "$0")/../.." || exit 2
build=${1:-build}
shift || true
export KLX_BUILD="$PWD/$build" TEST_DATA_DIR="$PWD/tests/data" LC_ALL=C.UTF-8 TZ=UTC
capture=$(mktemp -d)
trap 'rm -rf "$capture"' EXIT
names=("$@")
[ ${#names[@]} -eq 0 ] && names=($(cd tests/integration && ls tui_*.sh | sed 's/\.sh$//'))
for n in "${names[@]}"; do
    echo "== $n"
    KLX_GOLDEN_CAPTURE=$capture timeout --kill-after=10 600 bash "tests/integration/$n.sh" \
        </dev/null 2>&1 | grep -E '^captured ' || true
done
changed=0
for f in "$capture"/*.txt; do
    [ -e "$f" ] || continue
    g=tests/golden/$(basename "$f")
    if ! cmp -s "$f" "$g" 2>/dev/null; then
        echo "--- $g"
        diff "$g" "$f" 2>/dev/null | head -n 60 || true
        mkdir -p tests/golden
        cp "$f" "$g"
        changed=$((changed + 1))
    fi
done
echo "$changed golden screen(s) written; review them with git diff tests/golden"
