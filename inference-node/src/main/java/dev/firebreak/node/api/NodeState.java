package dev.firebreak.node.api;

/** Where a node is in its serving lifecycle, as reported by {@code GET /control/status}. */
public enum NodeState {
    /** Accepting and running work. */
    SERVING,
    /** Refusing new work, finishing what it holds. */
    DRAINING,
    /** Drained: holds no work and accepts none until resumed. */
    DRAINED
}
