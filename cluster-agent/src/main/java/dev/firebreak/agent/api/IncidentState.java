package dev.firebreak.agent.api;

/** Where an incident is in its life. */
public enum IncidentState {
    /** Something is wrong and nobody has said they are on it. */
    OPEN,
    /** An operator said they are on it; it still shows until it ends. */
    ACKNOWLEDGED,
    /** Everything that raised it has cleared, or an operator resolved it. */
    RESOLVED
}
