package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static dev.firebreak.node.engine.tensor.Kernels.F;
import static dev.firebreak.node.engine.tensor.Kernels.VECTOR;

/**
 * The element-wise and reduction kernels of a transformer layer on float arrays: dot products
 * (four independent accumulators), axpy, RMSNorm, softmax, SwiGLU. Each has a scalar path for the
 * tail and for machines without wide vectors.
 */
public final class VectorMath {

    private VectorMath() {
    }

    /** Σ a[aOff+i]·b[bOff+i] for i in [0, n). */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        float sum = 0f;
        if (VECTOR) {
            int step = F.length();
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            for (; i + 4 * step <= n; i += 4 * step) {
                s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
                s1 = FloatVector.fromArray(F, a, aOff + i + step).fma(FloatVector.fromArray(F, b, bOff + i + step), s1);
                s2 = FloatVector.fromArray(F, a, aOff + i + 2 * step)
                        .fma(FloatVector.fromArray(F, b, bOff + i + 2 * step), s2);
                s3 = FloatVector.fromArray(F, a, aOff + i + 3 * step)
                        .fma(FloatVector.fromArray(F, b, bOff + i + 3 * step), s3);
            }
            for (; i + step <= n; i += step) {
                s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
            }
            sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    /** y[yOff+i] += alpha·x[xOff+i] for i in [0, n). */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        if (VECTOR) {
            FloatVector a = FloatVector.broadcast(F, alpha);
            for (; i + F.length() <= n; i += F.length()) {
                FloatVector.fromArray(F, x, xOff + i).fma(a, FloatVector.fromArray(F, y, yOff + i))
                        .intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /** out = x / rms(x) · weight, over {@code n} elements at the given offsets. */
    public static void rmsNorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, float epsilon) {
        float ss = dot(x, xOff, x, xOff, n);
        float scale = (float) (1.0 / Math.sqrt(ss / n + epsilon));
        int i = 0;
        if (VECTOR) {
            FloatVector s = FloatVector.broadcast(F, scale);
            for (; i + F.length() <= n; i += F.length()) {
                FloatVector.fromArray(F, x, xOff + i).mul(s).mul(FloatVector.fromArray(F, weight, i))
                        .intoArray(out, outOff + i);
            }
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] * scale * weight[i];
        }
    }

    /** Softmax of x[off, off+n) in place, stable against large values. */
    public static void softmax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) {
            x[off + i] *= inv;
        }
    }

    /** SwiGLU: gate[i] = silu(gate[i]) · up[i]. */
    public static void swiGlu(float[] gate, int gateOff, float[] up, int upOff, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[gateOff + i];
            gate[gateOff + i] = g / (1f + (float) Math.exp(-g)) * up[upOff + i];
        }
    }

    /** x[i] += y[i]. */
    public static void add(float[] x, int xOff, float[] y, int yOff, int n) {
        axpy(1f, y, yOff, x, xOff, n);
    }
}
