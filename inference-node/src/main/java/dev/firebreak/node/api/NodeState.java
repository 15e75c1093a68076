package dev.firebreak.node.api;

/** Where a node is in its serving lifecycle, as reported by {@code GET /control/status}. */
public enum NodeState {
    /** Starting: running warm-up requests through its models until its kernels are compiled; takes no work yet. */
    WARMING,
    /** Accepting and running work. */
    SERVING,
    /** Refusing new work, finishing what it holds. */
    DRAINING,
    /** Drained: holds no work and accepts none until resumed. */
    DRAINED;

    /** Serving or about to: a drain applies, a resume does not. */
    public boolean drainable() {
        return this == SERVING || this == WARMING;
    }
}
