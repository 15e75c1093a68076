package dev.firebreak.node.engine.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A KV cache for one sequence in one off-heap slab: [layer][K|V][position][kvDim]. */
public final class ContiguousKvCache implements KvCache, AutoCloseable {

    private final Arena arena = Arena.ofShared();
    private final MemorySegment memory;
    private final int capacity;
    private final long rowBytes;
    private final long layerBytes;

    public ContiguousKvCache(LlamaConfig config, int capacity) {
        if (capacity < 1 || capacity > config.contextLength()) {
            throw new IllegalArgumentException("capacity must be 1-" + config.contextLength() + ", got " + capacity);
        }
        this.capacity = capacity;
        this.rowBytes = (long) config.kvDim() * Float.BYTES;
        this.layerBytes = 2 * rowBytes * capacity;
        this.memory = arena.allocate(layerBytes * config.layers(), 64);
    }

    @Override
    public MemorySegment memory() {
        return memory;
    }

    @Override
    public long keyOffset(int layer, int position) {
        return layer * layerBytes + position * rowBytes;
    }

    @Override
    public long valueOffset(int layer, int position) {
        return layer * layerBytes + (capacity + (long) position) * rowBytes;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void close() {
        arena.close();
    }
}
