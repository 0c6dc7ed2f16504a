#!/usr/bin/env bash
# The Debian package from a clean clone of HEAD: dpkg-buildpackage, lintian (no error, no
# warning), dpkg -i, then the installed klaxon --version, one declaration with `klaxon training`
# in a terminal, klaxon-sim --help, man klaxon, the completions where the shells look, dpkg -r.
# It needs root and a few minutes, so it runs only with KLX_PKG_TEST=1 or in CI (CI=true).
# valgrind: skip: it tests the installed package, not the build under test
cd "$(dirname "$0")/../.." || exit 2
. tests/integration/lib.sh
root=$PWD

if [ "${KLX_PKG_TEST:-}" != 1 ] && [ "${CI:-}" != true ]; then
    skip "the Debian package" "needs root and minutes: run with KLX_PKG_TEST=1 (CI does)"
    finish
    exit 0
fi
case $(basename "$KLX_BUILD") in
build-*) # The package comes from a clean clone, the same in every pass: the plain pass builds it.
    skip "the Debian package" "built from a clean clone in the plain pass, not again here"
    finish
    exit 0
    ;;
esac
if [ "$(id -u)" -ne 0 ]; then
    skip "the Debian package" "dpkg -i needs root"
    finish
    exit 0
fi
if dpkg-query -W -f='${Status}' klaxon 2>/dev/null | grep -q "ok installed"; then
    skip "the Debian package" "a klaxon package is installed already; not replacing it"
    finish
    exit 0
fi
for tool in dpkg-buildpackage dh lintian git tmux man fakeroot; do
    command -v "$tool" >/dev/null || { not_ok "$tool is installed (scripts/install-deps test)"; finish; exit 1; }
done

. tests/integration/tui_lib.bash # (after the checks above: it needs tmux)
version=$(cat VERSION)
src=$T_TMP/src/klaxon-$version
git clone -q "$root" "$src"
check_eq "the clone is HEAD" "$(git -C "$src" rev-parse HEAD)" "$(git -C "$root" rev-parse HEAD)"
check_eq "debian/changelog has VERSION's version" \
    "$(cd "$src" && dpkg-parsechangelog -S Version)" "$version"
start=$SECONDS
# As a packager builds it: outside `make check`'s make (its jobserver) and without CI's -Werror.
(cd "$src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CI dpkg-buildpackage -us -uc -b) >"$T_TMP/build.log" 2>&1
rc=$?
echo "dpkg-buildpackage: exit $rc in $((SECONDS - start)) s"
check_eq "dpkg-buildpackage -us -uc -b succeeds" "$rc" 0
[ "$rc" -eq 0 ] || { tail -n 30 "$T_TMP/build.log"; finish; exit 1; }
check_eq "the package build has no compiler warning" "$(grep -c 'warning:' "$T_TMP/build.log")" 0
deb=$T_TMP/src/klaxon_${version}_$(dpkg --print-architecture).deb
check "the .deb is there" test -s "$deb"
echo "package size: $(stat -c %s "$deb") bytes"

# lintian says "running with root privileges is not recommended" on stderr; that is not about us.
out=$(lintian --fail-on error,warning "$deb" 2>&1 | grep -v 'running with root privileges')
check_eq "lintian: no error and no warning" "$out" ""
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libcurl4 libssl3 libsecret-1-0; do
    check_contains "Depends names $lib (opened with dlopen or by the plugin)" "$depends" "$lib"
done

dpkg -i "$deb" >"$T_TMP/dpkg.log" 2>&1
check_eq "dpkg -i installs it" "$?" 0
trap 'dpkg -r klaxon >/dev/null 2>&1; tui_stop 2>/dev/null; t_cleanup' EXIT
check_eq "the installed klaxon --version" "$(/usr/bin/klaxon --version)" "klaxon $version"
check_contains "the installed klaxon-sim --help" "$(/usr/bin/klaxon-sim --help)" "Usage: klaxon-sim"
out=$(MANPAGER=cat MANWIDTH=80 man klaxon 2>&1)
check_contains "man klaxon" "$out" "declare an AWS Incident Manager incident"
out=$(MANPAGER=cat MANWIDTH=80 man klaxon-sim 2>&1)
check_contains "man klaxon-sim" "$out" "PLAN FILE"
for f in /usr/lib/klaxon/klaxon-keyring-secret.so /usr/share/bash-completion/completions/klaxon \
    /usr/share/zsh/vendor-completions/_klaxon /usr/share/fish/vendor_completions.d/klaxon.fish; do
    check "installed: $f" test -f "$f"
done
check "the keyring plugin is found where klaxon looks" \
    grep -qa "/usr/lib/klaxon" /usr/bin/klaxon

# One declaration with the installed klaxon training: it starts the installed klaxon-sim.
LOG=$T_TMP/sim.jsonl
tui_start 80 24 /usr/bin/klaxon training --sim-log "$LOG"
tui_wait "Quit"
tui_keys Enter
tui_pick_plan "datab"
tui_wait "[2 High]"
tui_keys F10
tui_wait "The request body"
tui_keys Enter
tui_wait "Incident declared"
tui_keys q
check_eq "klaxon training: declared, exit status 0" "$(tui_wait_exit)" 0
tui_stop
check_eq "one StartIncident reached the installed simulator" \
    "$(grep '"operation":"StartIncident"' "$LOG" | grep -c '"status":200')" 1

dpkg -r klaxon >"$T_TMP/dpkg-r.log" 2>&1
check_eq "dpkg -r removes it" "$?" 0
check "no klaxon left in /usr/bin" test ! -e /usr/bin/klaxon
check "no plugin directory left" test ! -e /usr/lib/klaxon
finish
