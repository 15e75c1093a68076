package dev.firebreak.agent.api;

/** What an operator can do through {@code POST /api/v1/actions}. */
public enum ActionType {
    /** Force the breaker of a model on a node (or on every node) open: no traffic until reset. */
    TRIP,
    /** Close a breaker, clearing a forced state. */
    RESET,
    /** Drain a node: it finishes what it holds and takes nothing new. */
    DRAIN,
    /** Let a drained node take work again. */
    RESUME,
    /** Move a model off a node: the gateway sends it no requests for that model. */
    REROUTE,
    /** Serve another model when this one has no capacity. */
    SET_FALLBACK,
    /** End an override (by its audit id), undoing what it did. */
    CLEAR
}
