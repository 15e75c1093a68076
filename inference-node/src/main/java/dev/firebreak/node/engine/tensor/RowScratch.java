package dev.firebreak.node.engine.tensor;

/** A per-thread float buffer for widening weight rows, grown on demand and then reused. */
final class RowScratch {

    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    private RowScratch() {
    }

    /** At least {@code floats} floats for this thread; the contents are whatever was left there. */
    static float[] get(int floats) {
        float[] buffer = BUFFER.get();
        if (buffer.length < floats) {
            buffer = new float[floats];
            BUFFER.set(buffer);
        }
        return buffer;
    }

    /** Widens rows [from, to) of {@code w} four at a time and multiplies each in the canonical order. */
    static void matVecByWidening(WeightMatrix w, float[] x, int xOff, float[] out, int outOff, int from, int to) {
        int cols = w.cols();
        float[] rows = get(4 * cols);
        float[] acc = new float[4 * Kernels.F.length()];
        float[] sums = new float[4];
        int r = from;
        for (; r + 4 <= to; r += 4) {
            for (int i = 0; i < 4; i++) {
                w.dequantizeRow(r + i, rows, i * cols);
            }
            CanonicalDot.dot4(rows, 0, cols, x, xOff, cols, out, outOff + r, 1, acc, sums);
        }
        for (; r < to; r++) {
            w.dequantizeRow(r, rows, 0);
            out[outOff + r] = CanonicalDot.dot(rows, 0, x, xOff, cols, acc);
        }
    }
}
