package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static dev.firebreak.node.engine.tensor.Kernels.F;
import static dev.firebreak.node.engine.tensor.Kernels.VECTOR;

/** Dot products and weighted sums between off-heap float rows (weights, KV cache) and float arrays. */
public final class SegmentMath {

    private SegmentMath() {
    }

    /** Σ w[i]·x[xOff+i] for the {@code n} little-endian floats of {@code w} at {@code byteOff}. */
    public static float dot(MemorySegment w, long byteOff, float[] x, int xOff, int n) {
        int i = 0;
        float sum = 0f;
        if (VECTOR) {
            int step = F.length();
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            for (; i + 4 * step <= n; i += 4 * step) {
                long b = byteOff + (long) i * Float.BYTES;
                s0 = load(w, b).fma(FloatVector.fromArray(F, x, xOff + i), s0);
                s1 = load(w, b + step * 4L).fma(FloatVector.fromArray(F, x, xOff + i + step), s1);
                s2 = load(w, b + step * 8L).fma(FloatVector.fromArray(F, x, xOff + i + 2 * step), s2);
                s3 = load(w, b + step * 12L).fma(FloatVector.fromArray(F, x, xOff + i + 3 * step), s3);
            }
            for (; i + step <= n; i += step) {
                s0 = load(w, byteOff + (long) i * Float.BYTES).fma(FloatVector.fromArray(F, x, xOff + i), s0);
            }
            sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            sum += w.get(Layouts.FLOAT, byteOff + (long) i * Float.BYTES) * x[xOff + i];
        }
        return sum;
    }

    /**
     * out[outOff+i] = Σ_p weights[p]·row_p[i] for i in [0, n), where row_p is the {@code n} floats
     * of {@code rows} at {@code byteOffs[p]}, p in [0, count): attention's weighted sum of values.
     * Each element adds its rows in order of p, fused (the scalar tail: multiply, then add), as
     * repeated axpy would; but four vectors of the output stay in registers across all the rows,
     * instead of each row's axpy loading and storing the output again.
     */
    public static void weightedSum(float[] weights, MemorySegment rows, long[] byteOffs, int count, float[] out,
                                   int outOff, int n) {
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
                    FloatVector w = FloatVector.broadcast(F, weights[p]);
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
                    a = load(rows, byteOffs[p] + (long) i * Float.BYTES).fma(FloatVector.broadcast(F, weights[p]), a);
                }
                a.intoArray(out, outOff + i);
            }
        }
        for (; i < n; i++) {
            float sum = 0f;
            for (int p = 0; p < count; p++) {
                sum += weights[p] * rows.get(Layouts.FLOAT, byteOffs[p] + (long) i * Float.BYTES);
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
