package dev.firebreak.node.engine.tensor;

import static dev.firebreak.node.engine.tensor.Kernels.F;

/**
 * A batch of activation rows repacked for {@link MatMul}: the whole vectors of each group of
 * {@value #GROUP} rows interleaved (vector c of row 0, of row 1, ..., then vector c + 1), so a
 * register tile reads its tokens as one sequential stream instead of {@value #GROUP} streams a
 * row apart (rows 4 KiB apart share L1 sets). Rows past the last whole group, and every scalar
 * tail, are read from the original rows.
 *
 * @param rows the original batch, {@code tokens} rows of {@code cols}
 * @param packed {@link #groups()} groups of {@value #GROUP}·{@link #vectorEnd()} floats
 */
record PackedTokens(float[] rows, int tokens, int cols, float[] packed) {

    static final int GROUP = 4;

    static PackedTokens of(float[] rows, int tokens, int cols) {
        int groups = CanonicalDot.vectorEnd(cols) > 0 ? tokens / GROUP : 0;
        int end = CanonicalDot.vectorEnd(cols);
        int lanes = F.length();
        float[] packed = new float[groups * GROUP * end];
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < GROUP; j++) {
                int src = (g * GROUP + j) * cols;
                int dst = g * GROUP * end + j * lanes;
                for (int c = 0; c < end; c += lanes) {
                    System.arraycopy(rows, src + c, packed, dst + GROUP * c, lanes);
                }
            }
        }
        return new PackedTokens(rows, tokens, cols, packed);
    }

    /** Whole groups packed; zero on the scalar path. */
    int groups() {
        return packed.length == 0 ? 0 : packed.length / (GROUP * vectorEnd());
    }

    int vectorEnd() {
        return CanonicalDot.vectorEnd(cols);
    }

    /** Where group g starts in {@link #packed()}. */
    int groupOffset(int g) {
        return g * GROUP * vectorEnd();
    }
}
