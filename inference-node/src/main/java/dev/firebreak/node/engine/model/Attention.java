package dev.firebreak.node.engine.model;

import dev.firebreak.node.engine.tensor.Parallel;
import dev.firebreak.node.engine.tensor.SegmentMath;
import dev.firebreak.node.engine.tensor.VectorMath;

/**
 * Causal grouped-query attention of every (row, head) of a batch, each row over its own KV cache
 * up to its position. Contiguous or paged, the cache only supplies byte offsets.
 */
public final class Attention {

    private final LlamaConfig config;
    private final ThreadLocal<float[]> scores;
    /** Byte offsets of one head's key rows, then of its value rows. */
    private final ThreadLocal<long[]> rowOffsets;

    public Attention(LlamaConfig config) {
        this.config = config;
        this.scores = ThreadLocal.withInitial(() -> new float[config.contextLength()]);
        this.rowOffsets = ThreadLocal.withInitial(() -> new long[config.contextLength()]);
    }

    /** out[t·dim + h·headDim ..] = softmax(q·K / √d)·V for every row t and head h of {@code batch} in {@code layer}. */
    public void run(int layer, Batch batch, float[] q, float[] out) {
        int heads = config.heads();
        int headDim = config.headDim();
        int group = heads / config.kvHeads();
        float scale = (float) (1.0 / Math.sqrt(headDim));
        long averageSpan = batch.positions()[batch.size() - 1] + 1L;
        Parallel.forRange(batch.size() * heads, 1, 64 * 1024, averageSpan * headDim * 2, (from, to) -> {
            float[] att = scores.get();
            long[] rows = rowOffsets.get();
            for (int unit = from; unit < to; unit++) {
                int t = unit / heads;
                int h = unit % heads;
                KvCache cache = batch.caches()[t];
                int span = batch.positions()[t] + 1;
                if (span > att.length) {
                    throw new IllegalArgumentException("position " + (span - 1) + " is past the context of "
                            + att.length + " tokens");
                }
                int qOff = t * config.dim() + h * headDim;
                long kvHeadBytes = (long) (h / group) * headDim * Float.BYTES;
                for (int p = 0; p < span; p++) {
                    rows[p] = cache.keyOffset(layer, p) + kvHeadBytes;
                }
                SegmentMath.dots(cache.memory(), rows, span, q, qOff, headDim, scale, att, 0);
                VectorMath.softmax(att, 0, span);
                for (int p = 0; p < span; p++) {
                    rows[p] = cache.valueOffset(layer, p) + kvHeadBytes;
                }
                SegmentMath.weightedSum(att, cache.memory(), rows, span, out, qOff, headDim);
            }
        });
    }
}
