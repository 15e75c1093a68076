#!/usr/bin/env bash
# Tests firebreak-deploy end to end against a real OpenSSH server that this test starts on
# 127.0.0.1 (free port, own host key and authorized_keys), deploying the agent's server archive
# into a temporary directory in supervisor mode (--no-systemd):
#   1. fresh install           -> exit 0, the agent answers /health
#   2. same archive again      -> exit 0, "no change", the same process still running
#   3. an archive whose launcher exits -> exit 3, rolled back, the first release healthy again
#   4. a node from its archive beside the agent -> exit 0, the node answers /health
# Skips (exit 0, saying SKIPPED) when sshd is not installed: apt-get install openssh-server.
# Usage: packaging/deploy/test-deploy.sh [DIR-WITH-ARCHIVES]   (default: packaging/target)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
archives=${1:-$here/../target}
archive=$(ls "$archives"/firebreak-agent-*.tar.gz 2>/dev/null | head -1)
node_archive=$(ls "$archives"/firebreak-node-*.tar.gz 2>/dev/null | head -1)
[ -n "$archive" ] && [ -n "$node_archive" ] || { echo "test-deploy: no server archives in $archives; run ./mvnw -DskipTests package first" >&2; exit 1; }
archive=$(readlink -f "$archive")
node_archive=$(readlink -f "$node_archive")

sshd=$(command -v sshd || ls /usr/sbin/sshd 2>/dev/null || true)
if [ -z "$sshd" ]; then
    echo "test-deploy: SKIPPED: sshd is not installed (apt-get install openssh-server); firebreak-deploy was NOT tested"
    exit 0
fi
for tool in ssh ssh-keygen curl; do
    command -v "$tool" >/dev/null || { echo "test-deploy: $tool is missing (apt-get install openssh-client curl)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/firebreak-deploy-test.XXXXXX)
chmod 755 "$work"
sshd_pid=""
cleanup() {
    local pid_file
    for pid_file in "$work"/host/opt/*/run/firebreak-*.pid; do
        if [ -f "$pid_file" ]; then kill -TERM "$(cat "$pid_file")" 2>/dev/null || true; fi
    done
    if [ -n "$sshd_pid" ]; then kill -TERM "$sshd_pid" 2>/dev/null || true; fi
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

failures=0
check() {
    local what=$1
    shift
    if "$@"; then echo "  ok: $what"; else echo "  FAILED: $what"; failures=$((failures + 1)); fi
}

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    echo "test-deploy: no free port found" >&2
    return 1
}

# --- an SSH server of our own on loopback --------------------------------------------------------
ssh_port=$(free_port)
mkdir -p "$work/ssh"
ssh-keygen -q -t ed25519 -N "" -f "$work/ssh/host_key"
ssh-keygen -q -t ed25519 -N "" -f "$work/ssh/client_key"
cp "$work/ssh/client_key.pub" "$work/ssh/authorized_keys"
echo "[127.0.0.1]:$ssh_port $(cut -d' ' -f1,2 "$work/ssh/host_key.pub")" >"$work/ssh/known_hosts"
cat >"$work/ssh/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $ssh_port
HostKey $work/ssh/host_key
AuthorizedKeysFile $work/ssh/authorized_keys
PidFile $work/ssh/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
EOF
[ "$(id -u)" -ne 0 ] || mkdir -p /run/sshd   # privilege separation directory, needed when root
"$sshd" -D -e -f "$work/ssh/sshd_config" 2>"$work/ssh/sshd.log" &
sshd_pid=$!
ssh_options=(-o "-p $ssh_port" -o "-i $work/ssh/client_key" -o "-o IdentitiesOnly=yes"
    -o "-o UserKnownHostsFile=$work/ssh/known_hosts" -o "-o StrictHostKeyChecking=yes" -o "-o ConnectTimeout=5")
user=$(id -un)
for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$ssh_port") 2>/dev/null && break
    kill -0 "$sshd_pid" 2>/dev/null || { echo "test-deploy: sshd did not start:"; cat "$work/ssh/sshd.log"; exit 1; }
    sleep 0.1
done
echo "test-deploy: sshd on 127.0.0.1:$ssh_port (pid $sshd_pid)"

# --- what gets deployed -----------------------------------------------------------------------
agent_port=$(free_port)
cat >"$work/agent.yaml" <<EOF
cluster: deploy-test
listen: {host: 127.0.0.1, port: $agent_port}
stateFile: $work/host/firebreak-agent.db
nodes:
  - {id: node-1, url: "http://127.0.0.1:9", controlToken: "node-1-control-token"}
access:
  - {name: ci, role: operator, token: "a-long-enough-operator-token"}
EOF
# The host has java on PATH only through the env file, as a real one would have JAVA_HOME there.
echo "JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}" >"$work/agent.env"

# A release that cannot start: same contents, a launcher that exits at once.
mkdir -p "$work/broken"
tar -xzf "$archive" -C "$work/broken"
good_top=$(ls "$work/broken")
broken_top=firebreak-agent-9.9.9-broken
mv "$work/broken/$good_top" "$work/broken/$broken_top"
printf '#!/bin/sh\necho "this release is broken on purpose" >&2\nexit 1\n' >"$work/broken/$broken_top/bin/firebreak-agent"
echo 9.9.9-broken >"$work/broken/$broken_top/VERSION"
tar -czf "$work/$broken_top.tar.gz" -C "$work/broken" "$broken_top"

deploy() {
    "$here/firebreak-deploy" --no-systemd --prefix "$work/host/opt" --etc "$work/host/etc" \
        --health-url "http://127.0.0.1:$agent_port/health" --timeout "$1" "${ssh_options[@]}" \
        --config "$work/agent.yaml" --env "$work/agent.env" --archive "$2" "$user@127.0.0.1"
}
healthy() { curl -fsS --max-time 2 "http://127.0.0.1:$agent_port/health" >/dev/null; }
current() { basename "$(readlink "$work/host/opt/agent/current")"; }
agent_pid() { cat "$work/host/opt/agent/run/firebreak-agent.pid" 2>/dev/null || echo none; }
alive() { kill -0 "$1" 2>/dev/null; }
contains() { grep -q -- "$2" <<<"$1"; }
# run CMD...: runs one deploy, shows its output indented, and leaves it in $out and its exit status in $status.
run() {
    status=0
    out=$("$@" 2>&1) || status=$?
    echo "$out" | sed 's/^/    /'
}

echo "test-deploy: 1. fresh install of $(basename "$archive")"
run deploy 90 "$archive"
check "exit status 0 (got $status)" [ $status -eq 0 ]
check "says healthy" contains "$out" "healthy: $good_top"
check "the agent answers /health" healthy
first_release=$(current)
first_pid=$(agent_pid)
check "current is $good_top-<sha>" contains "$first_release" "^$good_top-"

echo "test-deploy: 2. the same archive and configuration again"
run deploy 90 "$archive"
check "exit status 0 (got $status)" [ $status -eq 0 ]
check "says no change" contains "$out" "no change: $first_release is current, running and healthy"
check "did not upload again" bash -c "! grep -q uploading <<<\"\$1\"" _ "$out"
check "the same process still runs (pid $first_pid)" [ "$(agent_pid)" = "$first_pid" ]
check "the agent answers /health" healthy

echo "test-deploy: 3. upgrade to a release whose launcher exits"
run deploy 90 "$work/$broken_top.tar.gz"
check "exit status 3 (got $status)" [ $status -eq 3 ]
check "says not healthy" contains "$out" "NOT healthy: $broken_top-[0-9a-f]*: it exited before answering"
check "shows the broken launcher's output" contains "$out" "this release is broken on purpose"
check "says rolled back and healthy again" contains "$out" "rolled back to $first_release: healthy again"
check "current is back to $first_release" [ "$(current)" = "$first_release" ]
check "the agent answers /health" healthy

echo "test-deploy: 4. a node beside the agent"
node_port=$(free_port)
{
    echo "FIREBREAK_CONTROL_TOKEN=node-1-control-token"
    echo "FIREBREAK_NODE_OPTS=--host 127.0.0.1 --port $node_port --node-id node-1 --models tiny-chat --kv-memory 32MiB"
    echo "JAVA_OPTS=-Xmx256m -XX:+UseSerialGC"
    cat "$work/agent.env"
} >"$work/node.env"
run "$here/firebreak-deploy" --no-systemd --prefix "$work/host/opt" --etc "$work/host/etc" \
    --health-url "http://127.0.0.1:$node_port/health" --timeout 90 "${ssh_options[@]}" \
    --config "$work/node.env" --archive "$node_archive" "$user@127.0.0.1"
check "exit status 0 (got $status)" [ $status -eq 0 ]
check "says healthy" contains "$out" "healthy: firebreak-node-"
check "the node answers /health" curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$node_port/health"
check "the agent still answers /health" healthy

if [ $failures -ne 0 ]; then
    echo "test-deploy: $failures check(s) FAILED"
    exit 1
fi
echo "test-deploy: all checks passed"
