package dev.firebreak.node.engine.kv;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * One model's share of the node's {@link KvBlockPool}: block tables for its sequences, prefix
 * sharing between them, copy-on-write, and accounting an operator can trust (an audit that finds
 * blocks no live sequence holds). Thread-safe; the engine thread mutates, status readers read.
 */
public final class ModelKv {

    private final KvBlockPool pool;
    private final int slot;
    private final ModelKvLayout layout;
    private final PrefixCache prefixes = new PrefixCache();
    private final Set<BlockTable> live = Collections.newSetFromMap(new IdentityHashMap<>());

    public ModelKv(KvBlockPool pool, int slot, ModelKvLayout layout) {
        if (layout.blockBytes() > pool.blockBytes() || layout.blockTokens() != pool.blockTokens()) {
            throw new IllegalArgumentException("model blocks of " + layout.blockBytes() + " bytes / "
                    + layout.blockTokens() + " tokens do not fit pool blocks of " + pool.blockBytes() + " / "
                    + pool.blockTokens());
        }
        this.pool = pool;
        this.slot = slot;
        this.layout = layout;
    }

    KvBlockPool pool() {
        return pool;
    }

    ModelKvLayout layout() {
        return layout;
    }

    public int blockTokens() {
        return pool.blockTokens();
    }

    /** An empty table for a new sequence. */
    public synchronized BlockTable newTable() {
        BlockTable table = new BlockTable(this);
        live.add(table);
        return table;
    }

    /** Blocks needed to hold {@code positions} positions. */
    public int blocksFor(int positions) {
        return (positions + blockTokens() - 1) / blockTokens();
    }

    /** Blocks this model could take now. */
    public int available() {
        return pool.available(slot);
    }

    /**
     * Grows {@code table} to hold {@code positions} positions. All or nothing: when the pool
     * cannot supply every block, the ones taken here are given back and it returns false.
     */
    public synchronized boolean grow(BlockTable table, int positions) {
        int needed = blocksFor(positions) - table.blockCount();
        if (needed <= 0) {
            return true;
        }
        int[] taken = new int[needed];
        for (int i = 0; i < needed; i++) {
            int block = pool.allocate(slot);
            if (block == KvBlockPool.NO_BLOCK) {
                for (int j = 0; j < i; j++) {
                    pool.release(taken[j]);
                }
                return false;
            }
            taken[i] = block;
        }
        for (int block : taken) {
            table.add(block);
        }
        return true;
    }

    /**
     * Shares the blocks of the longest already-computed prefix of {@code prompt} into an empty
     * table; returns how many tokens that covers. The last prompt token is always left to
     * compute, since its logits are needed.
     */
    public synchronized int reusePrefix(BlockTable table, int[] prompt) {
        if (table.blockCount() != 0) {
            throw new IllegalStateException("prefix reuse needs an empty table");
        }
        int bs = blockTokens();
        long parent = 0;
        int reused = 0;
        for (int k = 0; (k + 1) * bs <= prompt.length - 1; k++) {
            long hash = PrefixCache.chain(parent, prompt, k * bs, (k + 1) * bs);
            int block = prefixes.find(parent, hash, prompt, k * bs, (k + 1) * bs);
            if (block < 0) {
                break;
            }
            pool.retain(block);
            table.add(block);
            reused += bs;
            parent = hash;
        }
        return reused;
    }

    /** Offers the full blocks of {@code prompt} whose keys and values are computed for sharing. */
    public synchronized void publishPrefix(BlockTable table, int[] prompt, int computed) {
        int bs = blockTokens();
        long parent = 0;
        for (int k = 0; (k + 1) * bs <= Math.min(computed, prompt.length) && k < table.blockCount(); k++) {
            long hash = PrefixCache.chain(parent, prompt, k * bs, (k + 1) * bs);
            prefixes.put(parent, hash, prompt, k * bs, (k + 1) * bs, table.blockAt(k));
            parent = hash;
        }
    }

    /**
     * Makes the block holding {@code position} private to {@code table} before it is written:
     * a shared block is copied to a fresh one first. Returns false if no block was free to copy into.
     */
    public synchronized boolean ensureWritable(BlockTable table, int position) {
        int index = position / blockTokens();
        int block = table.blockAt(index);
        if (pool.refCount(block) == 1) {
            return true;
        }
        int copy = pool.allocate(slot);
        if (copy == KvBlockPool.NO_BLOCK) {
            return false;
        }
        java.lang.foreign.MemorySegment.copy(pool.memory(), pool.offset(block), pool.memory(), pool.offset(copy),
                layout.blockBytes());
        table.replace(index, copy);
        releaseBlock(block);
        return true;
    }

    /** The sequence ended: every block it holds loses one reference. */
    public synchronized void release(BlockTable table) {
        releaseLeaking(table, 0);
    }

    /**
     * Fault injection: like {@link #release}, but the last {@code leak} blocks keep their
     * reference with no sequence holding them, as a buggy KV manager would leave them.
     */
    public synchronized void releaseLeaking(BlockTable table, int leak) {
        int[] held = table.clear();
        for (int i = 0; i < held.length - Math.min(leak, held.length); i++) {
            releaseBlock(held[i]);
        }
        live.remove(table);
    }

    private void releaseBlock(int block) {
        if (pool.release(block)) {
            prefixes.forget(block);
        }
    }

    /** Current figures, with an audit of blocks held by no live sequence. */
    public synchronized KvFigures figures() {
        int[] usage = pool.usage(slot);
        return new KvFigures(blockTokens(), pool.quota(slot), usage[0], pool.available(slot), usage[1], orphaned());
    }

    private int orphaned() {
        Set<Integer> referenced = new java.util.HashSet<>();
        for (BlockTable table : live) {
            for (int i = 0; i < table.blockCount(); i++) {
                referenced.add(table.blockAt(i));
            }
        }
        int orphans = 0;
        for (int block : pool.blocksOf(slot)) {
            if (!referenced.contains(block)) {
                orphans++;
            }
        }
        return orphans;
    }

    /** Live tables (for tests and audits). */
    public synchronized int liveSequences() {
        return live.size();
    }
}
