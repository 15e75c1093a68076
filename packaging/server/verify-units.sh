#!/usr/bin/env bash
# Checks the systemd units of the server archives with systemd-analyze verify, as installed:
# each archive is unpacked into a scratch root at /opt/firebreak/<service>/current, its unit
# copied to /etc/systemd/system, and verified against that root (so ExecStart must exist and be
# executable). Any message from systemd-analyze (unknown key, bad value) fails the check.
# Usage: packaging/server/verify-units.sh [DIR-WITH-ARCHIVES]   (default: packaging/target)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
archives=${1:-$here/../target}
if ! command -v systemd-analyze >/dev/null; then
    echo "verify-units: SKIPPED: systemd-analyze is not installed (apt-get install systemd); the units were NOT checked"
    exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/lib/systemd" "$root/etc/systemd/system"
# The units refer to standard targets (network-online, multi-user): give the root the host's.
cp -r /usr/lib/systemd/system "$root/usr/lib/systemd/"

status=0
for service in agent node; do
    archive=$(ls "$archives"/firebreak-$service-*.tar.gz 2>/dev/null | head -1)
    [ -n "$archive" ] || { echo "verify-units: no firebreak-$service-*.tar.gz in $archives (run ./mvnw -DskipTests package)" >&2; exit 1; }
    mkdir -p "$root/opt/firebreak/$service/releases"
    tar -xzf "$archive" -C "$root/opt/firebreak/$service/releases"
    release=$(basename "$archive" .tar.gz)
    ln -sfn "releases/$release" "$root/opt/firebreak/$service/current"
    cp "$root/opt/firebreak/$service/current/systemd/firebreak-$service.service" "$root/etc/systemd/system/"
    unit=$root/etc/systemd/system/firebreak-$service.service
    if output=$(systemd-analyze verify --root="$root" "$unit" 2>&1) && [ -z "$output" ]; then
        echo "verify-units: firebreak-$service.service from $(basename "$archive"): OK"
    else
        echo "verify-units: firebreak-$service.service from $(basename "$archive") FAILED:" >&2
        echo "$output" >&2
        status=1
    fi
done
exit $status
