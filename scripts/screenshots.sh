#!/usr/bin/env bash
# Makes the README's screenshots of the real console window: starts it on a local cluster under
# its own traffic in a virtual X display, lets a minute of history build up, injects a KV leak on
# node-2 through the node's control endpoint (as the game-day panel does), and captures the
# window's views with their keyboard shortcuts.
#
#   scripts/screenshots.sh [out-dir]        (default: docs/)
#
# Needs: JDK 25 (JAVA_HOME), and Debian's xvfb, imagemagick, xdotool, libgtk-3-0, libgl1.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
for tool in Xvfb import xdotool; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install xvfb imagemagick xdotool libgtk-3-0 libgl1" >&2; exit 1; }
done

# One reactor run, so the console's classpath names the modules' freshly built jars.
./mvnw -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
classpath="app/target/classes:$(cat app/target/classpath.txt)"

mkdir -p "$out"
work=$(mktemp -d)
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
console=""
cleanup() {
    [ -n "$console" ] && kill "$console" 2>/dev/null && wait "$console" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
sleep 1

DISPLAY=$display java --enable-native-access=ALL-UNNAMED -Dprism.order=sw -cp "$classpath" dev.firebreak.app.Launcher \
    --config-dir "$work/config" >"$work/console.log" 2>&1 &
console=$!

# The local cluster logs where its files are; its agent.yaml holds the nodes' URLs and control token.
for _ in $(seq 120); do
    dir=$(grep -o 'files in [^ ]*' "$work/console.log" | head -1 | cut -d' ' -f3 || true)
    [ -n "$dir" ] && break
    sleep 1
done
[ -n "$dir" ] || { echo "the console's local cluster did not start; see $work/console.log" >&2; exit 1; }
echo "local cluster up, files in $dir; letting traffic build history for 60 s"
sleep 60

# The console's main window is the big one (notification pop-ups are small windows of their own).
window=""
for w in $(DISPLAY=$display xdotool search --name '^Firebreak$'); do
    width=$(DISPLAY=$display xdotool getwindowgeometry --shell "$w" | sed -n 's/^WIDTH=//p')
    if [ "${width:-0}" -ge 1000 ]; then window=$w; break; fi
done
[ -n "$window" ] || { echo "the console window did not appear; see $work/console.log" >&2; exit 1; }
shot() {
    # No window manager here: give the window the focus directly, then press the view's shortcut.
    DISPLAY=$display xdotool windowfocus --sync "$window" key "$1"
    sleep 2
    DISPLAY=$display import -window root "$out/$2"
    echo "wrote $out/$2"
}
DISPLAY=$display xdotool windowsize "$window" 1440 900 windowmove "$window" 0 0 || true

token=$(grep -m1 'controlToken' "$dir/agent.yaml" | sed 's/.*"\(.*\)".*/\1/')
node2=$(grep -A1 -E 'id: "?node-2"?$' "$dir/agent.yaml" | grep -o 'http://[^ "]*')
curl -sf -X POST "$node2/control/faults" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"leakBlocksPerRequest": 8}' >/dev/null
echo "KV leak injected on node-2 ($node2); waiting 40 s for the leak to show"
sleep 40

shot ctrl+1 console.png
shot ctrl+4 console-charts.png
shot ctrl+5 console-slo.png
shot ctrl+9 console-gameday.png
