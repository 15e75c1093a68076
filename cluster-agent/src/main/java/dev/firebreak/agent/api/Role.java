package dev.firebreak.agent.api;

/** What a token may do at the agent: viewers read, operators also act. */
public enum Role {
    VIEWER,
    OPERATOR;

    /** True when this role may do what {@code needed} may. */
    public boolean covers(Role needed) {
        return ordinal() >= needed.ordinal();
    }
}
