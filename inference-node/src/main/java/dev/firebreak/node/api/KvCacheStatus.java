package dev.firebreak.node.api;

/**
 * The paged KV cache of one model, counted in blocks of {@code blockSize} tokens.
 *
 * @param blocksOrphaned blocks held by no live sequence: a leak
 */
public record KvCacheStatus(int blockSize, long blocksTotal, long blocksUsed, long blocksFree,
                            long blocksShared, long blocksOrphaned) {

    /** Share of the blocks in use, 0 when the cache has no blocks. */
    public double usage() {
        return blocksTotal == 0 ? 0 : (double) blocksUsed / blocksTotal;
    }
}
