package dev.firebreak.agent.api;

/**
 * A model's KV cache as its engine reports it. A {@code null} figure is one the engine does not
 * give (the model's {@code unavailable} says why); {@code usage} is the share in use, 0-1.
 */
public record KvReport(Double usage, Integer blockSize, Long blocksTotal, Long blocksUsed, Long blocksFree, Long blocksOrphaned) {

    /** Nothing known of the cache. */
    public static final KvReport UNKNOWN = new KvReport(null, null, null, null, null, null);

    /** True when the engine gives the share in use. */
    public boolean known() {
        return usage != null;
    }
}
