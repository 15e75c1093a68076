#!/usr/bin/env bash
# The HTTP layer before and after, in one run: builds this tree and a baseline commit (default: the
# last one on the JDK's com.sun.net.httpserver), then runs lab's HttpBench, which starts each build's
# node and agent side by side and interleaves their rounds. Prints a Markdown table of medians.
#   scripts/bench_http.sh [baseline-commit] [--rounds N --seconds S --concurrency C]
set -euo pipefail
cd "$(dirname "$0")/.."
baseline="${1:-ebecb92}"
shift || true
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/baseline" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

./mvnw -q -B -DskipTests -pl lab -am package
git worktree add --detach "$work/baseline" "$baseline" >/dev/null
(cd "$work/baseline" && ./mvnw -q -B -DskipTests -pl cluster-agent -am package)

version=0.1.0-SNAPSHOT
java -cp "lab/target/lab-$version.jar:lab/target/lib/*" dev.firebreak.lab.bench.HttpBench \
    --build "jdk-httpserver=$work/baseline/inference-node/target/inference-node-$version.jar,$work/baseline/cluster-agent/target/cluster-agent-$version.jar" \
    --build "jetty=inference-node/target/inference-node-$version.jar,cluster-agent/target/cluster-agent-$version.jar" \
    "$@"
