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
            // Lanes summed by CanonicalDot's butterfly: reduceLanes(ADD) may add in another order
            // interpreted than compiled.
            float[] lanes = new float[F.length()];
            s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
            CanonicalDot.sumLanes(lanes, 1, lanes, 0);
            sum = lanes[0];
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

    /**
     * Softmax of x[off, off+n) in place, stable against large values. The exponentials are
     * {@link #exp(FloatVector)}'s, and the sum adds lane-wise, then the lanes in order, then the tail:
     * the same bits compiled or interpreted.
     */
    public static void softmax(float[] x, int off, int n) {
        int vectorEnd = VECTOR ? off + F.loopBound(n) : off;
        float max = Float.NEGATIVE_INFINITY;
        if (vectorEnd > off) {
            FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (int i = off; i < vectorEnd; i += F.length()) {
                m = m.max(FloatVector.fromArray(F, x, i));
            }
            max = m.reduceLanes(VectorOperators.MAX);
        }
        for (int i = vectorEnd; i < off + n; i++) {
            max = Math.max(max, x[i]);
        }
        float sum = 0f;
        if (vectorEnd > off) {
            FloatVector top = FloatVector.broadcast(F, max);
            FloatVector sums = FloatVector.zero(F);
            for (int i = off; i < vectorEnd; i += F.length()) {
                FloatVector e = exp(FloatVector.fromArray(F, x, i).sub(top));
                e.intoArray(x, i);
                sums = sums.add(e);
            }
            for (int lane = 0; lane < F.length(); lane++) {
                sum += sums.lane(lane);
            }
        }
        for (int i = vectorEnd; i < off + n; i++) {
            float e = exp(x[i] - max);
            x[i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        int i = off;
        for (; i < vectorEnd; i += F.length()) {
            FloatVector.fromArray(F, x, i).mul(inv).intoArray(x, i);
        }
        for (; i < off + n; i++) {
            x[i] *= inv;
        }
    }

    /** SwiGLU: gate[i] = silu(gate[i]) · up[i], silu(g) = g / (1 + e^-g). */
    public static void swiGlu(float[] gate, int gateOff, float[] up, int upOff, int n) {
        int i = 0;
        if (VECTOR) {
            for (; i < F.loopBound(n); i += F.length()) {
                FloatVector g = FloatVector.fromArray(F, gate, gateOff + i);
                g.div(exp(g.neg()).add(1f)).mul(FloatVector.fromArray(F, up, upOff + i)).intoArray(gate, gateOff + i);
            }
        }
        for (; i < n; i++) {
            float g = gate[gateOff + i];
            gate[gateOff + i] = g / (exp(-g) + 1f) * up[upOff + i];
        }
    }

    // e^x as Cephes' expf computes it: x = n·ln2 + r with |r| <= ln2/2, e^r from a degree-7
    // polynomial, then 2^n put in the exponent. Only lane-wise adds, multiplies and fused
    // multiply-adds, so a vector lane and the scalar twin give the same bits (the Vector API's
    // EXP is a different library compiled than interpreted). Within 2 ulp of Math.exp; inputs are
    // clamped to [-87.3, 88], where e^x is a normal float: e^-inf is 1.2e-38, not 0, and e^inf is
    // 1.7e38, not infinity (no caller masks with infinities).
    private static final float EXP_MIN = -87.33654f;
    private static final float EXP_MAX = 88f;
    private static final float LOG2_E = 1.44269504088896341f;
    /** 1.5·2^23: adding it rounds a float to an integer, left in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    /** e^x in every lane, bit for bit {@link #exp(float)}. */
    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector rounded = x.fma(FloatVector.broadcast(F, LOG2_E), FloatVector.broadcast(F, ROUNDER));
        FloatVector n = rounded.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HIGH), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LOW), r);
        FloatVector p = r.fma(FloatVector.broadcast(F, P0), FloatVector.broadcast(F, P1));
        p = p.fma(r, FloatVector.broadcast(F, P2));
        p = p.fma(r, FloatVector.broadcast(F, P3));
        p = p.fma(r, FloatVector.broadcast(F, P4));
        p = p.fma(r, FloatVector.broadcast(F, P5));
        p = p.fma(r.mul(r), r).add(1f);
        FloatVector twoToN = rounded.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUNDER) - 127)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(twoToN);
    }

    /** e^x, the scalar twin of {@link #exp(FloatVector)}. */
    static float exp(float x) {
        x = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float rounded = Math.fma(x, LOG2_E, ROUNDER);
        float n = rounded - ROUNDER;
        float r = Math.fma(n, -LN2_HIGH, x);
        r = Math.fma(n, -LN2_LOW, r);
        float p = Math.fma(r, P0, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        p = Math.fma(p, r * r, r) + 1f;
        float twoToN = Float.intBitsToFloat((Float.floatToRawIntBits(rounded) - (Float.floatToRawIntBits(ROUNDER) - 127)) << 23);
        return p * twoToN;
    }

    /** x[i] += y[i]. */
    public static void add(float[] x, int xOff, float[] y, int yOff, int n) {
        axpy(1f, y, yOff, x, xOff, n);
    }
}
