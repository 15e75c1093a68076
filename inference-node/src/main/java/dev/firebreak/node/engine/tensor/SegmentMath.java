package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static dev.firebreak.node.engine.tensor.Kernels.F;
import static dev.firebreak.node.engine.tensor.Kernels.VECTOR;

/** Dot products and axpy between off-heap float rows (weights, KV cache) and float arrays. */
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

    /** y[yOff+i] += alpha·v[i] for the {@code n} floats of {@code v} at {@code byteOff}. */
    public static void axpy(float alpha, MemorySegment v, long byteOff, float[] y, int yOff, int n) {
        int i = 0;
        if (VECTOR) {
            FloatVector a = FloatVector.broadcast(F, alpha);
            for (; i + F.length() <= n; i += F.length()) {
                load(v, byteOff + (long) i * Float.BYTES).fma(a, FloatVector.fromArray(F, y, yOff + i))
                        .intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * v.get(Layouts.FLOAT, byteOff + (long) i * Float.BYTES);
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
