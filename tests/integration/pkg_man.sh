#!/usr/bin/env bash
# The manuals: clean under groff -ww and mandoc -Tlint, and every command and option that
# klaxon and klaxon-sim print in --help is in their page (a new flag without a manual fails).
# valgrind: skip: it reads --help once; the manuals are what it checks
cd "$(dirname "$0")/../.." || exit 2
. tests/integration/lib.sh
require_klaxon

for page in doc/klaxon.1 doc/klaxon-sim.1 doc/klaxon-scenario.5; do
    if command -v groff >/dev/null; then
        out=$(groff -ww -man -z "$page" 2>&1)
        check_eq "$page: groff -ww -man has nothing to say" "$out" ""
    else
        skip "$page: groff -ww" "no groff (scripts/install-deps test installs it)"
    fi
    if command -v mandoc >/dev/null; then
        # Warnings and errors; mandoc's style notes on long lines come from the generated keys.
        out=$(mandoc -Tlint -Wwarning "$page" 2>&1)
        check_eq "$page: mandoc -Tlint has no warning" "$out" ""
    else
        skip "$page: mandoc -Tlint" "no mandoc (scripts/install-deps test installs it)"
    fi
    check_contains "$page names the licence" "$(cat "$page")" "Apache License, Version 2.0"
    check_contains "$page has EXAMPLES" "$(cat "$page")" ".SH EXAMPLES"
    check_contains "$page carries the version" "$(head -n 5 "$page")" "\"klaxon $(cat VERSION)\""
done

# The page's text with roff's escaped hyphens plain, to look words up in.
text() { sed 's/\\-/-/g' "$1"; }
k1=$(text doc/klaxon.1)
# Commands and options from the tables the parser and --help use (cli/options.c).
table=$("$KLX_BUILD/completion-table")
cmds=$(awk -F'\t' '$1 == "cmd" {print $2}' <<<"$table")
check "the command table lists commands" test -n "$cmds"
for c in $cmds; do
    check_contains "klaxon.1 has the command $c" "$k1" ".B $c"
done
while IFS=$'\t' read -r _ c o; do
    check_contains "klaxon.1 has ${c/#-/the global option} $o" "$k1" "$o"
done < <(awk -F'\t' '$1 == "opt" {print "opt\t" $2 "\t" $3}' <<<"$table")
help=$("$KLAXON" --help)
for code in $(sed -n '/^exit status:/,/^$/p' <<<"$help" | awk '/^  [0-9]/ {print $1}'); do
    check_contains "klaxon.1 has exit status $code" "$(sed -n '/^.SH EXIT STATUS/,/^.SH/p' <<<"$k1")" \
        ".B $code"
done
check_contains "klaxon.1's key section is the generated one" "$k1" "keys: generated from the key tables"

s1=$(text doc/klaxon-sim.1)
for o in $("$KLAXON_SIM" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
    check_contains "klaxon-sim.1 has $o" "$s1" "$o"
done
for section in "PLAN FILE" FAULTS TLS LOG "EXIT STATUS"; do
    check_contains "klaxon-sim.1 has $section" "$s1" ".SH $section"
done
finish
