package dev.firebreak.agent.api;

/** How bad an incident is; it only rises while the incident lasts. */
public enum IncidentSeverity {
    /** Trouble the router left to the operator: overload, a slow node. */
    WARNING,
    /** The router cut something out of the path: a node down, a breaker open, a leak or a stall. */
    CRITICAL
}
