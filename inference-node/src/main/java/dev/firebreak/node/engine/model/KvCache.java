package dev.firebreak.node.engine.model;

import java.lang.foreign.MemorySegment;

/**
 * Where one sequence's keys and values live: for each layer and position, {@code kvDim} floats of
 * K and of V at byte offsets into {@link #memory()}. Contiguous or paged, the forward pass does not care.
 */
public interface KvCache {

    MemorySegment memory();

    /** Byte offset of the keys of {@code position} in {@code layer}. */
    long keyOffset(int layer, int position);

    /** Byte offset of the values of {@code position} in {@code layer}. */
    long valueOffset(int layer, int position);

    /** Positions this cache can hold. */
    int capacity();
}
