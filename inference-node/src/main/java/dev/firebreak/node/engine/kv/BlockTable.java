package dev.firebreak.node.engine.kv;

import dev.firebreak.node.engine.model.KvCache;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One sequence's KV cache as a list of pool blocks: position p lives in block p / blockTokens at
 * slot p % blockTokens. The forward pass reads it like any {@link KvCache}.
 */
public final class BlockTable implements KvCache {

    private final ModelKv space;
    private int[] blocks = new int[4];
    private int count;

    BlockTable(ModelKv space) {
        this.space = space;
    }

    @Override
    public MemorySegment memory() {
        return space.pool().memory();
    }

    @Override
    public long keyOffset(int layer, int position) {
        return space.pool().offset(block(position)) + space.layout().keyOffset(layer, position % space.blockTokens());
    }

    @Override
    public long valueOffset(int layer, int position) {
        return space.pool().offset(block(position)) + space.layout().valueOffset(layer, position % space.blockTokens());
    }

    private int block(int position) {
        return blocks[position / space.blockTokens()];
    }

    /** Positions backed by blocks. */
    @Override
    public int capacity() {
        return count * space.blockTokens();
    }

    public int blockCount() {
        return count;
    }

    public int blockAt(int index) {
        return blocks[index];
    }

    void add(int block) {
        if (count == blocks.length) {
            blocks = Arrays.copyOf(blocks, count * 2);
        }
        blocks[count++] = block;
    }

    void replace(int index, int block) {
        blocks[index] = block;
    }

    /** Forgets every block (the caller releases them). */
    int[] clear() {
        int[] held = Arrays.copyOf(blocks, count);
        count = 0;
        return held;
    }
}
