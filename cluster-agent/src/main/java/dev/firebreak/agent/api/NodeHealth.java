package dev.firebreak.agent.api;

/** Whether the agent can reach a node, as its scrapes tell. */
public enum NodeHealth {
    /** Not scraped yet. */
    UNKNOWN,
    /** Its last scrape answered. */
    UP,
    /** Refused connections, or gave no answer for longer than the down threshold. */
    DOWN
}
