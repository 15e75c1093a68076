package dev.firebreak.agent.api;

/** What an operator can do through {@code POST /api/v1/actions}. */
public enum ActionType {
    /** Force the breaker of a model on a node (or on every node) open: no traffic until reset. */
    TRIP,
    /** Take a breaker out of the path: calls always pass and are not counted, until reset. */
    DISABLE,
    /** Close a breaker, clearing a forced state. */
    RESET,
    /** Drain a node: it finishes what it holds and takes nothing new. */
    DRAIN,
    /** Let a drained node take work again. */
    RESUME,
    /** Move a model off a node (the gateway sends it no requests for that model), or set per-node weights. */
    REROUTE,
    /** Serve another model when this one has no capacity. */
    SET_FALLBACK,
    /** End an override (by its audit id), undoing what it did. */
    CLEAR,
    /** Say an incident (by its id) is being looked after; it still shows until it ends. */
    ACKNOWLEDGE,
    /** End an incident (by its id) whatever its conditions say. */
    RESOLVE
}
