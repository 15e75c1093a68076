#!/usr/bin/env python3
"""Measures how long the agent takes to report a node DOWN after `kill -9`.

Starts a local cluster (`firebreak-lab local`, from the built jar), then, N times: kills one
node with SIGKILL and polls the agent's /api/v1/cluster every 10 ms until that node is DOWN.
Each killed node stays dead, so N is at most the node count. Needs: ./mvnw -DskipTests package
Usage: scripts/measure_detection.py [--nodes 6]
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "lab", "target", "lab-0.1.0-SNAPSHOT.jar")


def java():
    home = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
    return os.path.join(home, "bin", "java")


def health(agent, token, node_id):
    request = urllib.request.Request(agent + "/api/v1/cluster", headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=2) as response:
        nodes = json.load(response)["nodes"]
    return next(n["health"] for n in nodes if n["id"] == node_id)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=6)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="firebreak-measure-")
    launcher = subprocess.Popen([java(), "-jar", JAR, "local", "--nodes", str(args.nodes), "--work-dir", work],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        description = os.path.join(work, "cluster.json")
        deadline = time.time() + 60
        while not os.path.exists(description):
            if time.time() > deadline or launcher.poll() is not None:
                sys.exit("local cluster did not start; logs in " + work)
            time.sleep(0.1)
        with open(description) as f:
            cluster = json.load(f)
        agent, token = cluster["agentUrl"], cluster["viewerToken"]
        samples = []
        for node in cluster["nodes"]:
            time.sleep(1.0)  # let the scraper settle between kills
            killed = time.monotonic()
            os.kill(node["pid"], signal.SIGKILL)
            while health(agent, token, node["id"]) != "DOWN":
                if time.monotonic() - killed > 10:
                    sys.exit(node["id"] + " not DOWN after 10 s")
                time.sleep(0.01)
            samples.append((time.monotonic() - killed) * 1000)
            print(f"{node['id']}: DOWN after {samples[-1]:.0f} ms")
        print(f"kill -9 to DOWN over {len(samples)} kills: median {statistics.median(samples):.0f} ms, "
              f"max {max(samples):.0f} ms")
    finally:
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=30)


if __name__ == "__main__":
    main()
