package dev.firebreak.node.bench;

import dev.firebreak.node.engine.model.Attention;
import dev.firebreak.node.engine.model.Batch;
import dev.firebreak.node.engine.model.KvCache;
import dev.firebreak.node.engine.model.LlamaConfig;

import java.util.Arrays;
import java.util.SplittableRandom;

/** What an attention benchmark times: one layer's attention for sequences that each decode their next token at one position. */
record AttentionInputs(Attention attention, Batch batch, float[] q, float[] out) {

    /** One sequence per cache, each at {@code position}; the caches zeroed, the queries drawn from {@code seed}. */
    static AttentionInputs decoding(LlamaConfig config, int position, KvCache[] caches, long seed) {
        for (KvCache c : caches) {
            c.memory().fill((byte) 0);
        }
        int[] positions = new int[caches.length];
        Arrays.fill(positions, position);
        Batch batch = new Batch(new int[caches.length], positions, caches, new boolean[caches.length]);
        SplittableRandom random = new SplittableRandom(seed);
        float[] q = new float[caches.length * config.dim()];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) random.nextDouble();
        }
        return new AttentionInputs(new Attention(config), batch, q, new float[q.length]);
    }

    /** Layer 0's attention over the batch, into {@link #out}. */
    float[] run() {
        attention.run(0, batch, q, out);
        return out;
    }
}
