package dev.firebreak.node.engine.kv;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Full blocks of prompt tokens whose keys and values are already computed, by the chained hash of
 * every token up to the block's end, so a sequence with the same prefix reuses them. Entries keep
 * their tokens and parent, so a hash collision never shares the wrong block.
 */
final class PrefixCache {

    private record Entry(long parent, int[] tokens, int block) {
    }

    private final Map<Long, Entry> byHash = new HashMap<>();
    private final Map<Integer, Long> hashOfBlock = new HashMap<>();

    static long chain(long parent, int[] tokens, int from, int to) {
        long h = parent ^ 0x9E3779B97F4A7C15L;
        for (int i = from; i < to; i++) {
            h = (h ^ tokens[i]) * 0x100000001B3L;
            h ^= h >>> 29;
        }
        return h;
    }

    /** The block holding tokens[from, to) after the prefix hashed as {@code parent}, or -1. */
    int find(long parent, long hash, int[] tokens, int from, int to) {
        Entry entry = byHash.get(hash);
        if (entry == null || entry.parent() != parent || !Arrays.equals(entry.tokens(), 0, entry.tokens().length,
                tokens, from, to)) {
            return -1;
        }
        return entry.block();
    }

    void put(long parent, long hash, int[] tokens, int from, int to, int block) {
        if (!byHash.containsKey(hash) && !hashOfBlock.containsKey(block)) {
            byHash.put(hash, new Entry(parent, Arrays.copyOfRange(tokens, from, to), block));
            hashOfBlock.put(block, hash);
        }
    }

    /** The block was freed: it no longer holds anything to share. */
    void forget(int block) {
        Long hash = hashOfBlock.remove(block);
        if (hash != null) {
            byHash.remove(hash);
        }
    }

    int size() {
        return byHash.size();
    }
}
