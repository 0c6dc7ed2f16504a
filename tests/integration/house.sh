#!/usr/bin/env bash
# The house's rules hold over the tree (tests/tools/house.py: folders depend one way, curses only
# in tui/, libsecret only in the keyring plugin, no function over 80 lines, no file over 600
# lines but the signer, no circle of files inside a folder), and the checker finds each breach
# in a made-up tree, so that a pass means something.
# valgrind: skip: it runs no klaxon code, only reads the sources
cd "$(dirname "$0")/../.." || exit 2
. tests/integration/lib.sh
house=tests/tools/house.py

out=$(python3 "$house" . 2>&1)
check_eq "the tree keeps the house's rules" "$out" ""

# A made-up tree with one breach of each kind; each must be named with its file.
fake=$T_TMP/tree
mkdir -p "$fake"/{core,forms,client,session,tui,cli,sim}
body() { for ((i = 0; i < $1; i++)); do echo "    x += $i;"; done; }
{
    echo '/* Too long. */'
    echo 'int forms_long(int x)'
    echo '{'
    body 81
    echo '    return x;'
    echo '}'
} >"$fake/forms/long.c"
{
    echo '/* Long, but 80 lines: allowed. */'
    echo 'static int forms_fine(int x)'
    echo '{'
    body 79
    echo '    return x;'
    echo '}'
} >"$fake/forms/fine.c"
for ((i = 0; i < 601; i++)); do echo "int cli_v$i;"; done >"$fake/cli/big.c"
printf '#include "tui/app.h"\nint session_up(void) { return 0; }\n' >"$fake/session/up.c"
printf '#include <ncursesw/curses.h>\n' >"$fake/client/screen.c"
printf '#include <libsecret/secret.h>\n' >"$fake/core/secret.c"
printf 'int sim_a(void);\nint sim_b(void)\n{\n    return sim_a();\n}\n' >"$fake/sim/b.c"
printf 'int sim_b(void);\nint sim_a(void)\n{\n    return sim_b();\n}\n' >"$fake/sim/a.c"
printf 'int sim_c(void);\nint sim_c(void)\n{\n    return sim_a();\n}\n' >"$fake/sim/c.c"
out=$(python3 "$house" "$fake" 2>&1)
rc=$?
check_eq "a breach fails the check" "$rc" 1
check_contains "a function over 80 lines is named" "$out" "forms/long.c:3: forms_long is 82 lines"
case $out in
*forms_fine*) not_ok "a function of 80 lines passes" "$out" ;;
*) ok "a function of 80 lines passes" ;;
esac
check_contains "a file over 600 lines is named" "$out" "cli/big.c: 601 lines, over 600"
check_contains "an include against the direction is named" "$out" \
    "session/up.c: includes tui/app.h: session/ may not depend on tui/"
check_contains "curses outside tui/ is named" "$out" "client/screen.c: includes curses"
check_contains "libsecret outside the plugin is named" "$out" "core/secret.c: includes libsecret"
check_contains "a circle of two files is named" "$out" \
    "sim/: a circle of files: sim/a.c -> sim/b.c (sim_b); sim/b.c -> sim/a.c (sim_a)"
case $out in
*"sim/c.c ->"*) not_ok "a file that only calls into a circle is not in it" "$out" ;;
*) ok "a file that only calls into a circle is not in it" ;;
esac
finish
