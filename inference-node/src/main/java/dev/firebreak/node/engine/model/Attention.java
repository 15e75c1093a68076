package dev.firebreak.node.engine.model;

import dev.firebreak.node.engine.tensor.Kernels;
import dev.firebreak.node.engine.tensor.Parallel;
import dev.firebreak.node.engine.tensor.SegmentMath;
import dev.firebreak.node.engine.tensor.VectorMath;

/**
 * Causal grouped-query attention of every (row, head) of a batch, each row over its own KV cache
 * up to its position. Contiguous or paged, the cache only supplies byte offsets.
 *
 * <p>The query heads that share a KV head run together: the rows' offsets are looked up once for
 * the group (a paged cache finds each position's block), and each key and value row is read by
 * the whole group while it is in the first-level cache. Where there are fewer (row, KV head) pairs
 * than kernel threads (one sequence decoding on a model with one KV head, or fewer than the
 * cores), each group's query heads are split between threads, each part looking the offsets up
 * again: attention on every core rather than on one.
 */
public final class Attention {

    private final LlamaConfig config;
    /** One group's scores: {@code group} rows of up to the context. */
    private final ThreadLocal<float[]> scores;
    /** Byte offsets of one KV head's key rows, then of its value rows. */
    private final ThreadLocal<long[]> rowOffsets;
    private final ThreadLocal<float[]> lanes;

    public Attention(LlamaConfig config) {
        this.config = config;
        int group = config.heads() / config.kvHeads();
        this.scores = ThreadLocal.withInitial(() -> new float[group * config.contextLength()]);
        this.rowOffsets = ThreadLocal.withInitial(() -> new long[config.contextLength()]);
        this.lanes = ThreadLocal.withInitial(SegmentMath::dotsScratch);
    }

    /** out[t·dim + h·headDim ..] = softmax(q·K / √d)·V for every row t and head h of {@code batch} in {@code layer}. */
    public void run(int layer, Batch batch, float[] q, float[] out) {
        int kvHeads = config.kvHeads();
        int headDim = config.headDim();
        int group = config.heads() / kvHeads;
        int context = config.contextLength();
        float scale = (float) (1.0 / Math.sqrt(headDim));
        long averageSpan = batch.positions()[batch.size() - 1] + 1L;
        int pairs = batch.size() * kvHeads;
        int parts = Math.min(group, (Kernels.THREADS + pairs - 1) / pairs);
        long cost = averageSpan * headDim * 2 * group / parts;
        Parallel.forRange(pairs * parts, 1, 64 * 1024, cost, (from, to) -> {
            float[] att = scores.get();
            long[] rows = rowOffsets.get();
            float[] scratch = lanes.get();
            for (int unit = from; unit < to; unit++) {
                int t = unit / (kvHeads * parts);
                int kv = unit / parts % kvHeads;
                int part = unit % parts;
                int firstOfGroup = part * group / parts;
                int endOfGroup = (part + 1) * group / parts;
                KvCache cache = batch.caches()[t];
                int span = batch.positions()[t] + 1;
                if (span > context) {
                    throw new IllegalArgumentException("position " + (span - 1) + " is past the context of "
                            + context + " tokens");
                }
                long kvHeadBytes = (long) kv * headDim * Float.BYTES;
                int firstHead = t * config.dim() + kv * group * headDim;
                for (int p = 0; p < span; p++) {
                    rows[p] = cache.keyOffset(layer, p) + kvHeadBytes;
                }
                for (int g = firstOfGroup; g < endOfGroup; g++) {
                    SegmentMath.dots(cache.memory(), rows, span, q, firstHead + g * headDim, headDim, scale,
                            att, g * span, scratch);
                    VectorMath.softmax(att, g * span, span);
                }
                for (int p = 0; p < span; p++) {
                    rows[p] = cache.valueOffset(layer, p) + kvHeadBytes;
                }
                for (int g = firstOfGroup; g < endOfGroup; g++) {
                    SegmentMath.weightedSum(att, g * span, cache.memory(), rows, span, out, firstHead + g * headDim, headDim);
                }
            }
        });
    }
}
