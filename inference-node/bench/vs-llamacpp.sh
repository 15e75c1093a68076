#!/bin/sh
# Firebreak's engine against llama.cpp on the same GGUF files (issue 25): installs node-llama-cpp
# 3.21.1 into inference-node/target/vs-llamacpp (npm, nothing global), writes the GGUF files there
# with Firebreak's writer, runs both engines in turns and prints the table of ratios.
#
#   inference-node/bench/vs-llamacpp.sh [sizes=S60M,M250M,L1B] [types=Q8_0,Q4_0,F16] [rounds=3]
#                                       [generate=128] [limits=quick|full|skip]
#
# Needs node and npm (Node 20) on the PATH. Extra Maven flags go in MAVEN_FLAGS, e.g.
# MAVEN_FLAGS="-o -Dmaven.repo.local=/path/to/repository".
set -eu
cd "$(dirname "$0")/../.."
# shellcheck disable=SC2086
./mvnw -B -q ${MAVEN_FLAGS:-} -pl .,inference-node -DskipTests install
# shellcheck disable=SC2086
exec ./mvnw -B -q ${MAVEN_FLAGS:-} -pl inference-node -DskipTests -Pbench \
    -Dbench.main=dev.firebreak.node.bench.VsLlamaCpp "-Dbench.args=$*" verify
