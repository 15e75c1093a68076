package dev.firebreak.lab.gameday;

/** How client traffic reaches the nodes in a scenario. */
public enum Route {
    /** Protections off: the harness's round-robin balancer that retries on failure. */
    NAIVE,
    /** Protections on: Firebreak's gateway in the agent. */
    GATEWAY
}
