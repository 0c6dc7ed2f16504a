#!/usr/bin/env bash
# The Makefile as a packager drives it: their flags add to the build's own, -Werror only when
# asked, DESTDIR installs and uninstalls, one-line errors, the version from VERSION, make dist.
# valgrind: skip: it runs make and the compiler, no klaxon code worth checking under memcheck
cd "$(dirname "$0")/../.." || exit 2
. tests/integration/lib.sh
require_klaxon
root=$PWD
# As a packager runs make: not inside `make check`'s make (its flags and jobserver), and none of
# CI's or a developer's settings.
unset MAKEFLAGS MFLAGS MAKELEVEL CI WERROR CFLAGS CPPFLAGS LDFLAGS LDLIBS CC
b=$T_TMP/b

# A compile line for cli/main.c (it includes cli/commands.h through -I.) with the given make
# arguments; stdout is the command, stderr the compiler's.
compile_main() {
    rm -rf "$b"
    make -s -C "$root" --no-print-directory BUILD="$b" V=1 "$@" "$b/cli/main.o" \
        >"$T_TMP/out" 2>"$T_TMP/err"
}
# The command make would run for a target (-B: even if built), continuation lines joined.
dry() { make -n -B -C "$root" --no-print-directory BUILD="$b" "$@" | sed -e :a -e '/\\$/N; s/\\\n//; ta'; }
compile_main CPPFLAGS=-DKLX_PKG_TEST_FLAG CFLAGS=-O1
check "CPPFLAGS/CFLAGS on the command line still build" test -s "$b/cli/main.o"
check_eq "... warning-free" "$(cat "$T_TMP/err")" ""
line=$(dry CPPFLAGS=-DKLX_PKG_TEST_FLAG CFLAGS=-O1 "$b/cli/main.o" | grep -- ' -c ')
check_contains "the packager's CPPFLAGS are added" "$line" "-DKLX_PKG_TEST_FLAG"
check_contains "the build's own include path is kept" "$line" " -I. "
check_contains "the build's own warnings are kept" "$line" "-Wall -Wextra"
check "the packager's CFLAGS come after the build's (their -O1 wins)" \
    grep -Eq -- '-Wextra.* -O1( |$)' <<<"$line"
check "no -Werror by default" grep -vq -- '-Werror' <<<"$line"
line=$(dry WERROR=1 "$b/cli/main.o" | grep -- ' -c ')
check_contains "WERROR=1 turns -Werror on" "$line" "-Werror"
line=$(CI=true dry "$b/cli/main.o" | grep -- ' -c ')
check_contains "CI=true turns -Werror on" "$line" "-Werror"
line=$(dry tests | grep -- ' -c .*tests/unit/test_file.o')
check_contains "the test targets build with -Werror" "$line" "-Werror"
line=$(CFLAGS=-O1 CPPFLAGS=-DKLX_PKG_ENV dry "$b/cli/main.o" | grep -- ' -c ')
check_contains "CPPFLAGS from the environment are added" "$line" "-DKLX_PKG_ENV"
check_contains "... and the include path kept" "$line" " -I. "
line=$(LDFLAGS=-Wl,--klx-test dry "$b/klaxon" | grep -- '-o .*/klaxon ')
check_contains "LDFLAGS reach the link" "$line" "-Wl,--klx-test"
check_contains "... beside the build's own" "$line" "--dynamic-list"

if command -v clang >/dev/null; then
    CC=clang compile_main
    check "CC=clang builds" test -s "$b/cli/main.o"
    check_eq "... warning-free" "$(cat "$T_TMP/err")" ""
else
    skip "CC=clang builds" "no clang (scripts/install-deps test installs it)"
fi

# One line, naming what to do.
err=$(make -C "$root" --no-print-directory no-such-target 2>&1)
rc=$?
check_eq "an unknown target fails" "$rc" 2
check_eq "... with one line" "$(wc -l <<<"$err")" 1
check_contains "... that says what to run" "$err" "make help"
mkdir -p "$T_TMP/pc"
cat >"$T_TMP/pc/pkg-config" <<'EOF'
#!/bin/sh
[ "$1" = --exists ] && case "$*" in *jansson*) exit 1 ;; esac
exec pkg-config "$@"
EOF
chmod +x "$T_TMP/pc/pkg-config"
err=$(make -C "$root" --no-print-directory BUILD="$b" PKG_CONFIG="$T_TMP/pc/pkg-config" all 2>&1)
rc=$?
check_eq "a missing library stops the build" "$rc" 2
check_eq "... with one line" "$(wc -l <<<"$err")" 1
check_contains "... naming the Debian package" "$err" "apt-get install libjansson-dev"
err=$(make -C "$root" --no-print-directory BUILD="$b" PKG_CONFIG=/nonexistent/pkg-config all 2>&1)
check_eq "no pkg-config: one line" "$(wc -l <<<"$err")" 1
check_contains "... naming its package" "$err" "apt-get install pkg-config"

version=$(cat VERSION)
check_eq "--version prints VERSION" "$("$KLAXON" --version)" "klaxon $version"
check_eq "klaxon-sim --version too" "$("$KLAXON_SIM" --version)" "klaxon-sim $version"

# Install into a DESTDIR from the suite's own build (default paths: nothing is rebuilt), then
# uninstall: nothing of ours is left.
# The sanitizer passes' build directories keep their flags.
san=()
case $(basename "$KLX_BUILD") in
build-asan) san=(SAN=1) ;;
build-tsan) san=(TSAN=1) ;;
esac
d=$T_TMP/dest
make -s -C "$root" --no-print-directory BUILD="$KLX_BUILD" "${san[@]}" DESTDIR="$d" install >/dev/null 2>&1
for f in bin/klaxon bin/klaxon-sim lib/klaxon/klaxon-keyring-secret.so share/man/man1/klaxon.1 \
    share/man/man1/klaxon-sim.1 share/bash-completion/completions/klaxon \
    share/zsh/site-functions/_klaxon share/fish/vendor_completions.d/klaxon.fish; do
    check "install puts $f under DESTDIR/usr/local" test -f "$d/usr/local/$f"
done
check "the installed klaxon runs" "$d/usr/local/bin/klaxon" --version
make -s -C "$root" --no-print-directory BUILD="$KLX_BUILD" "${san[@]}" DESTDIR="$d" uninstall >/dev/null 2>&1
check_eq "uninstall removes every file it put" "$(find "$d" -type f | wc -l)" 0

if git -C "$root" rev-parse HEAD >/dev/null 2>&1; then
    make -s -C "$root" --no-print-directory BUILD="$b" dist >/dev/null 2>&1
    tarball=$b/klaxon-$version.tar.gz
    check "make dist writes klaxon-VERSION.tar.gz" test -s "$tarball"
    check "... holding klaxon-VERSION/VERSION" tar -xzf "$tarball" -C "$T_TMP" "klaxon-$version/VERSION"
else
    skip "make dist" "not a git checkout"
fi
finish
