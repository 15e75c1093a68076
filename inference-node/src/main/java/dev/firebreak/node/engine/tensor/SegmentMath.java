package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static dev.firebreak.node.engine.tensor.Kernels.F;
import static dev.firebreak.node.engine.tensor.Kernels.VECTOR;

/** Dot products and weighted sums between off-heap float rows (weights, KV cache) and float arrays. */
public final class SegmentMath {

    private SegmentMath() {
    }

    /**
     * out[outOff+p] = scale·(row_p · x[xOff ..]) for p in [0, count), where row_p is the {@code n}
     * floats of {@code rows} at {@code byteOffs[p]}: attention's scores. Each dot product is
     * summed in the canonical order of {@link WeightMatrix} (one vector accumulator, its lanes by
     * {@link CanonicalDot}'s butterfly, then the tail in order), so the same bits compiled or
     * interpreted. Rows go four at a time: four accumulator chains side by side, and one
     * transposed lane sum for the four instead of a reduction each.
     *
     * @param acc scratch for the lane sums, from {@link #dotsScratch()}
     */
    public static void dots(MemorySegment rows, long[] byteOffs, int count, float[] x, int xOff, int n, float scale,
                            float[] out, int outOff, float[] acc) {
        int end = CanonicalDot.vectorEnd(n);
        int lanes = F.length();
        int p = 0;
        if (end > 0) {
            for (; p + 4 <= count; p += 4) {
                long b0 = byteOffs[p];
                long b1 = byteOffs[p + 1];
                long b2 = byteOffs[p + 2];
                long b3 = byteOffs[p + 3];
                FloatVector a0 = FloatVector.zero(F);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                for (int i = 0; i < end; i += lanes) {
                    FloatVector v = FloatVector.fromArray(F, x, xOff + i);
                    long at = (long) i * Float.BYTES;
                    a0 = load(rows, b0 + at).fma(v, a0);
                    a1 = load(rows, b1 + at).fma(v, a1);
                    a2 = load(rows, b2 + at).fma(v, a2);
                    a3 = load(rows, b3 + at).fma(v, a3);
                }
                a0.intoArray(acc, 0);
                a1.intoArray(acc, lanes);
                a2.intoArray(acc, 2 * lanes);
                a3.intoArray(acc, 3 * lanes);
                CanonicalDot.sumLanes(acc, 4, acc, 0);
                for (int k = 0; k < 4; k++) {
                    out[outOff + p + k] = scale * tail(acc[k], rows, byteOffs[p + k], x, xOff, end, n);
                }
            }
        }
        for (; p < count; p++) {
            float sum = 0f;
            if (end > 0) {
                FloatVector a = FloatVector.zero(F);
                for (int i = 0; i < end; i += lanes) {
                    a = load(rows, byteOffs[p] + (long) i * Float.BYTES).fma(FloatVector.fromArray(F, x, xOff + i), a);
                }
                a.intoArray(acc, 0);
                CanonicalDot.sumLanes(acc, 1, acc, 0);
                sum = acc[0];
            }
            out[outOff + p] = scale * tail(sum, rows, byteOffs[p], x, xOff, end, n);
        }
    }

    /** Scratch for {@link #dots}: one per thread, reused across calls. */
    public static float[] dotsScratch() {
        return new float[4 * F.length()];
    }

    /** {@code sum} plus the products of columns [from, n), in order. */
    private static float tail(float sum, MemorySegment row, long byteOff, float[] x, int xOff, int from, int n) {
        for (int i = from; i < n; i++) {
            sum += row.get(Layouts.FLOAT, byteOff + (long) i * Float.BYTES) * x[xOff + i];
        }
        return sum;
    }

    /**
     * out[outOff+i] = Σ_p weights[wOff+p]·row_p[i] for i in [0, n), where row_p is the {@code n} floats
     * of {@code rows} at {@code byteOffs[p]}, p in [0, count): attention's weighted sum of values.
     * Each element adds its rows in order of p, fused (the scalar tail: multiply, then add), as
     * repeated axpy would; but four vectors of the output stay in registers across all the rows,
     * instead of each row's axpy loading and storing the output again.
     */
    public static void weightedSum(float[] weights, int wOff, MemorySegment rows, long[] byteOffs, int count,
                                   float[] out, int outOff, int n) {
        int i = 0;
        if (VECTOR) {
            int step = F.length();
            for (; i + 4 * step <= n; i += 4 * step) {
                FloatVector a0 = FloatVector.zero(F);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                long at = (long) i * Float.BYTES;
                for (int p = 0; p < count; p++) {
                    FloatVector w = FloatVector.broadcast(F, weights[wOff + p]);
                    long b = byteOffs[p] + at;
                    a0 = load(rows, b).fma(w, a0);
                    a1 = load(rows, b + step * 4L).fma(w, a1);
                    a2 = load(rows, b + step * 8L).fma(w, a2);
                    a3 = load(rows, b + step * 12L).fma(w, a3);
                }
                a0.intoArray(out, outOff + i);
                a1.intoArray(out, outOff + i + step);
                a2.intoArray(out, outOff + i + 2 * step);
                a3.intoArray(out, outOff + i + 3 * step);
            }
            for (; i + step <= n; i += step) {
                FloatVector a = FloatVector.zero(F);
                for (int p = 0; p < count; p++) {
                    a = load(rows, byteOffs[p] + (long) i * Float.BYTES).fma(FloatVector.broadcast(F, weights[wOff + p]), a);
                }
                a.intoArray(out, outOff + i);
            }
        }
        for (; i < n; i++) {
            float sum = 0f;
            for (int p = 0; p < count; p++) {
                sum += weights[wOff + p] * rows.get(Layouts.FLOAT, byteOffs[p] + (long) i * Float.BYTES);
            }
            out[outOff + i] = sum;
        }
    }

    /** Copies {@code n} floats from {@code src} into the segment at {@code byteOff}. */
    public static void store(float[] src, int srcOff, MemorySegment dst, long byteOff, int n) {
        MemorySegment.copy(src, srcOff, dst, Layouts.FLOAT, byteOff, n);
    }

    private static FloatVector load(MemorySegment w, long byteOff) {
        return FloatVector.fromMemorySegment(F, w, byteOff, Layouts.ORDER);
    }
}
