package dev.firebreak.node.engine.model;

import java.util.Arrays;

/**
 * Rows to run through the model in one forward pass: each row is a token at a position of some
 * sequence's KV cache. A prompt's prefill is rows of one cache at consecutive positions; a
 * continuous-batching decode step is one row per running sequence.
 *
 * @param wantLogits which rows need next-token logits (usually the last row of each sequence)
 */
public record Batch(int[] tokens, int[] positions, KvCache[] caches, boolean[] wantLogits) {

    public Batch {
        int n = tokens.length;
        if (n == 0 || positions.length != n || caches.length != n || wantLogits.length != n) {
            throw new IllegalArgumentException("a batch needs 1+ rows with a token, position, cache and logits flag each");
        }
        for (int i = 0; i < n; i++) {
            if (positions[i] < 0 || positions[i] >= caches[i].capacity()) {
                throw new IllegalArgumentException("row " + i + ": position " + positions[i]
                        + " outside its cache of " + caches[i].capacity());
            }
        }
    }

    /** A prompt's tokens at positions {@code start..}, logits for the last one only. */
    public static Batch prefill(int[] tokens, int start, KvCache cache) {
        int n = tokens.length;
        int[] positions = new int[n];
        KvCache[] caches = new KvCache[n];
        boolean[] want = new boolean[n];
        for (int i = 0; i < n; i++) {
            positions[i] = start + i;
            caches[i] = cache;
        }
        want[n - 1] = true;
        return new Batch(tokens.clone(), positions, caches, want);
    }

    public int size() {
        return tokens.length;
    }

    /** How many rows want logits. */
    public int logitRows() {
        int count = 0;
        for (boolean w : wantLogits) {
            count += w ? 1 : 0;
        }
        return count;
    }

    @Override
    public String toString() {
        return "Batch[rows=" + tokens.length + ", positions=" + Arrays.toString(positions) + "]";
    }
}
