#!/usr/bin/env bash
# CI install check of the console's .deb, as root on a Debian/Ubuntu machine:
#   1. apt-get installs it (pulling its dependencies),
#   2. the installed launcher starts the console headless (JavaFX Headless platform, software
#      rendering) on a local cluster, until it logs that its stream to the agent is open,
#   3. stopping the console stops the cluster it started,
#   4. apt-get purges it, and nothing of it is left: no files, no menu entry, no processes,
#      nothing written into the user's home.
# Usage: packaging/ci/check-deb.sh [FILE.deb]   (default: packaging/target/installers/*.deb;
# build it with ./mvnw -Pinstallers -pl packaging -am -DskipTests package)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
deb=${1:-$(ls "$here"/../target/installers/firebreak-console_*.deb 2>/dev/null | head -1)}
[ -n "$deb" ] && [ -f "$deb" ] || { echo "check-deb: no .deb; build it with ./mvnw -Pinstallers -pl packaging -am -DskipTests package" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "check-deb: must run as root (installs a package)" >&2; exit 1; }
deb=$(readlink -f "$deb")
package=firebreak-console
install_dir=/opt/firebreak-console
launcher=$install_dir/bin/Firebreak
menu_entry=/usr/share/applications/firebreak-console.desktop
connect_timeout=${CHECK_DEB_TIMEOUT:-120}

work=$(mktemp -d /tmp/firebreak-check-deb.XXXXXX)
console_pid=""
cleanup() {
    if [ -n "$console_pid" ] && kill -0 "$console_pid" 2>/dev/null; then kill -TERM "$console_pid" 2>/dev/null || true; fi
    if dpkg -s "$package" >/dev/null 2>&1; then
        echo "check-deb: removing $package after a failure"
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "$package" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check-deb: FAILED: $*" >&2; exit 1; }

if dpkg -s "$package" >/dev/null 2>&1; then
    fail "$package is already installed; remove it first (apt-get purge $package)"
fi

echo "check-deb: installing $(basename "$deb") ($(du -h "$deb" | cut -f1))"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >"$work/install.log" 2>&1 \
    || { cat "$work/install.log"; fail "apt-get install $deb"; }
[ -x "$launcher" ] || fail "$launcher is not installed"
[ -f "$menu_entry" ] || fail "the menu entry $menu_entry is not installed"
grep -q '^Categories=System;Monitor;' "$menu_entry" || fail "$menu_entry has no System;Monitor; category"
echo "check-deb: installed $(dpkg-query -W -f '${Package} ${Version}, ${Installed-Size} KiB' "$package") in $install_dir"

# The console, as a user would start it, but headless. The jpackage launcher ignores
# JDK_JAVA_OPTIONS (a java-launcher feature); JAVA_TOOL_OPTIONS is read by the JVM itself.
home=$work/home
mkdir -p "$home"
echo "check-deb: starting $launcher headless on a local cluster (up to ${connect_timeout}s to connect)"
HOME=$home JAVA_TOOL_OPTIONS="-Dglass.platform=Headless -Dprism.order=sw" \
    setsid "$launcher" >"$work/console.log" 2>&1 </dev/null &
console_pid=$!
connected=""
for _ in $(seq 1 "$connect_timeout"); do
    if grep -q "stream open" "$work/console.log"; then connected=yes; break; fi
    kill -0 "$console_pid" 2>/dev/null || break
    sleep 1
done
sed 's/^/    console: /' "$work/console.log" | grep -v "^    console: \s*at " | head -20
[ -n "$connected" ] || fail "the installed console did not connect to its local cluster within ${connect_timeout}s"
grep -q "local cluster local up" "$work/console.log" || fail "the console connected, but not to the local cluster it started"
echo "check-deb: the installed console started a local cluster and connected to its agent"
# A few seconds of live snapshots on screen: the console must stay up and show none of the
# failures a packaging mistake causes (a JavaFX package not exported to the class path, a module
# or native library missing from the runtime, an uncaught exception, an ERROR log line).
sleep "${CHECK_DEB_LIVE_SECONDS:-8}"
kill -0 "$console_pid" 2>/dev/null || { cat "$work/console.log" >&2; fail "the console exited after connecting"; }
packaging_failures='Exception in thread|IllegalAccessError|InaccessibleObjectException|NoClassDefFoundError|ClassNotFoundException|UnsatisfiedLinkError|\bERROR\b|\bSEVERE\b'
if grep -E "$packaging_failures" "$work/console.log" >&2; then
    fail "the installed console logged the errors above"
fi
echo "check-deb: it ran ${CHECK_DEB_LIVE_SECONDS:-8} s more with live figures and logged no packaging error"

# Stopping the console stops its cluster: its whole process group must be gone.
kill -TERM "$console_pid"
for _ in $(seq 1 30); do
    pgrep -g "$console_pid" >/dev/null || break
    sleep 1
done
if pgrep -g "$console_pid" >/dev/null; then
    pgrep -a -g "$console_pid" >&2
    fail "processes of the console or its cluster are still running 30 s after SIGTERM"
fi
console_pid=""

echo "check-deb: purging $package"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "$package" >"$work/remove.log" 2>&1 \
    || { cat "$work/remove.log"; fail "apt-get purge $package"; }
dpkg -s "$package" >/dev/null 2>&1 && fail "$package is still installed"
[ ! -e "$install_dir" ] || { find "$install_dir" | head >&2; fail "$install_dir is left after the purge"; }
[ ! -e "$menu_entry" ] || fail "$menu_entry is left after the purge"
pgrep -f "$install_dir" >/dev/null && { pgrep -a -f "$install_dir" >&2; fail "processes from $install_dir are left"; }
# Not ours: jpackage's Linux launcher asks the package managers which package it belongs to,
# and rpm (installed here to build the .rpm) then creates ~/.rpmdb.
left_in_home=$(find "$home" -mindepth 1 -not -path "$home/.java*" -not -path "$home/.rpmdb*" | head)
[ -z "$left_in_home" ] || fail "the console wrote into the user's home: $left_in_home"
echo "check-deb: purged; nothing of $package is left"
