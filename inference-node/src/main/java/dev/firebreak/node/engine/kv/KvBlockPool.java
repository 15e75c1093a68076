package dev.firebreak.node.engine.kv;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The node's KV memory: a fixed number of equal blocks allocated once, off-heap, at start. Blocks
 * are reference-counted (prefix sharing) and owned by one model each; allocation and release are
 * O(1) (a free stack). In {@link Isolation#QUOTA} mode each model may hold at most its quota, so
 * no model can take another's memory; in {@link Isolation#SHARED} mode any model may take any block.
 */
public final class KvBlockPool implements AutoCloseable {

    /** How the pool is split between models. */
    public enum Isolation { SHARED, QUOTA }

    /** Returned by {@link #allocate} when the pool (or the model's quota) has no block left. */
    public static final int NO_BLOCK = -1;

    private final int blockTokens;
    private final long blockBytes;
    private final int totalBlocks;
    private final Isolation isolation;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment memory;
    private final int[] freeStack;
    private int freeCount;
    private final int[] refCount;
    private final int[] owner;
    private final int[] usedBy;
    private final int[] quota;

    /**
     * @param blockTokens token positions per block
     * @param blockBytes bytes per block: the largest of the models' blocks
     * @param quotas per model slot, the most blocks it may hold (QUOTA mode; ignored when SHARED)
     */
    public KvBlockPool(int blockTokens, long blockBytes, int totalBlocks, Isolation isolation, int[] quotas) {
        if (blockTokens < 1 || blockBytes < 1 || totalBlocks < 1) {
            throw new IllegalArgumentException("a KV pool needs positive block size, block bytes and block count");
        }
        if (isolation == Isolation.QUOTA && Arrays.stream(quotas).asLongStream().sum() > totalBlocks) {
            throw new IllegalArgumentException("quotas " + Arrays.toString(quotas) + " exceed the " + totalBlocks + " blocks");
        }
        this.blockTokens = blockTokens;
        this.blockBytes = blockBytes;
        this.totalBlocks = totalBlocks;
        this.isolation = isolation;
        this.memory = arena.allocate(blockBytes * totalBlocks, 64);
        this.freeStack = new int[totalBlocks];
        for (int i = 0; i < totalBlocks; i++) {
            freeStack[i] = totalBlocks - 1 - i;
        }
        this.freeCount = totalBlocks;
        this.refCount = new int[totalBlocks];
        this.owner = new int[totalBlocks];
        Arrays.fill(owner, -1);
        this.usedBy = new int[quotas.length];
        this.quota = isolation == Isolation.QUOTA ? quotas.clone() : filled(quotas.length, totalBlocks);
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    /** A free block for {@code model} with one reference, or {@link #NO_BLOCK}. */
    public synchronized int allocate(int model) {
        if (freeCount == 0 || usedBy[model] >= quota[model]) {
            return NO_BLOCK;
        }
        int block = freeStack[--freeCount];
        refCount[block] = 1;
        owner[block] = model;
        usedBy[model]++;
        return block;
    }

    /** One more reference to a live block (a sequence sharing a prefix). */
    public synchronized void retain(int block) {
        if (refCount[block] <= 0) {
            throw new IllegalStateException("block " + block + " is free; it cannot be shared");
        }
        refCount[block]++;
    }

    /** Drops one reference; returns true when that freed the block. */
    public synchronized boolean release(int block) {
        if (refCount[block] <= 0) {
            throw new IllegalStateException("block " + block + " released more often than it was taken");
        }
        if (--refCount[block] > 0) {
            return false;
        }
        usedBy[owner[block]]--;
        owner[block] = -1;
        freeStack[freeCount++] = block;
        return true;
    }

    public synchronized int refCount(int block) {
        return refCount[block];
    }

    /** Blocks {@code model} could still allocate now. */
    public synchronized int available(int model) {
        return Math.min(freeCount, quota[model] - usedBy[model]);
    }

    /** Counts of one model's blocks: held, and held by more than one sequence. */
    public synchronized int[] usage(int model) {
        int shared = 0;
        for (int b = 0; b < totalBlocks; b++) {
            if (owner[b] == model && refCount[b] > 1) {
                shared++;
            }
        }
        return new int[] {usedBy[model], shared};
    }

    /** The blocks {@code model} holds, by id. */
    public synchronized int[] blocksOf(int model) {
        return java.util.stream.IntStream.range(0, totalBlocks).filter(b -> owner[b] == model).toArray();
    }

    /** The most blocks {@code model} may hold. */
    public int quota(int model) {
        return Math.min(quota[model], totalBlocks);
    }

    public synchronized int freeBlocks() {
        return freeCount;
    }

    public int totalBlocks() {
        return totalBlocks;
    }

    public int blockTokens() {
        return blockTokens;
    }

    public long blockBytes() {
        return blockBytes;
    }

    public Isolation isolation() {
        return isolation;
    }

    public MemorySegment memory() {
        return memory;
    }

    /** Byte offset of {@code block} in {@link #memory()}. */
    public long offset(int block) {
        return block * blockBytes;
    }

    @Override
    public void close() {
        arena.close();
    }
}
