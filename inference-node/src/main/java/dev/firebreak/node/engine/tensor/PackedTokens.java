package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.FloatVector;

import static dev.firebreak.node.engine.tensor.Kernels.F;

/**
 * A batch of activation rows repacked for {@link MatMul}: the whole vectors of each group of
 * {@value #GROUP} rows interleaved (vector c of row 0, of row 1, ..., then vector c + 1), so a
 * register tile reads its tokens as one sequential stream instead of {@value #GROUP} streams a
 * row apart (rows 4 KiB apart share L1 sets). Rows past the last whole group, and every scalar
 * tail, are read from the original rows.
 *
 * @param rows the original batch, {@code tokens} rows of {@code cols}
 * @param packed {@code groups} groups of {@value #GROUP}·{@link #vectorEnd()} floats, then whatever
 *               the buffer held before
 * @param groups whole groups packed; zero on the scalar path
 */
record PackedTokens(float[] rows, int tokens, int cols, float[] packed, int groups) {

    static final int GROUP = 4;

    /**
     * The packed buffer of each calling thread, reused: a new one for each call (half a megabyte
     * for 128 tokens of 1024) cost more to allocate and fault in than packing it.
     */
    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * {@code rows} packed into the calling thread's buffer, which the result reads until this
     * thread packs again: use it before packing another batch on the same thread.
     */
    static PackedTokens of(float[] rows, int tokens, int cols) {
        int end = CanonicalDot.vectorEnd(cols);
        int groups = end > 0 ? tokens / GROUP : 0;
        int lanes = F.length();
        float[] packed = BUFFER.get();
        if (packed.length < groups * GROUP * end) {
            packed = new float[groups * GROUP * end];
            BUFFER.set(packed);
        }
        // Vector by vector, written in order.
        int dst = 0;
        for (int g = 0; g < groups; g++) {
            int src = g * GROUP * cols;
            for (int c = 0; c < end; c += lanes) {
                for (int j = 0; j < GROUP; j++) {
                    FloatVector.fromArray(F, rows, src + j * cols + c).intoArray(packed, dst);
                    dst += lanes;
                }
            }
        }
        return new PackedTokens(rows, tokens, cols, packed, groups);
    }

    int vectorEnd() {
        return CanonicalDot.vectorEnd(cols);
    }

    /** Where group g starts in {@link #packed()}. */
    int groupOffset(int g) {
        return g * GROUP * vectorEnd();
    }
}
