package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

import static dev.firebreak.node.engine.tensor.Kernels.F;
import static dev.firebreak.node.engine.tensor.Kernels.VECTOR;

/**
 * The one summation order of a weight row times an activation row (see {@link WeightMatrix}):
 * a single vector accumulator over whole vectors, reduced, then the tail in order. Four rows are
 * done side by side so that four accumulator chains keep the FMA units busy.
 */
final class CanonicalDot {

    // One constant per butterfly step: C2 keeps shuffles in registers only when they are constants.
    private static final VectorShuffle<Float> SWAP_8 = butterfly(8);
    private static final VectorShuffle<Float> SWAP_4 = butterfly(4);
    private static final VectorShuffle<Float> SWAP_2 = butterfly(2);
    private static final VectorShuffle<Float> SWAP_1 = butterfly(1);

    private CanonicalDot() {
    }

    private static VectorShuffle<Float> butterfly(int distance) {
        return VectorShuffle.fromOp(F, i -> (i ^ distance) & (F.length() - 1));
    }

    /**
     * The sum of the lanes in a fixed butterfly order. {@code reduceLanes(ADD)} may add in another
     * order in compiled and interpreted code (seen in tests); lane-wise adds are the same everywhere.
     */
    static float sumLanes(FloatVector v) {
        if (F.length() > 16) {
            float sum = 0f;
            for (int i = 0; i < F.length(); i++) {
                sum += v.lane(i);
            }
            return sum;
        }
        if (F.length() == 16) {
            v = v.add(v.rearrange(SWAP_8));
        }
        if (F.length() >= 8) {
            v = v.add(v.rearrange(SWAP_4));
        }
        v = v.add(v.rearrange(SWAP_2));
        v = v.add(v.rearrange(SWAP_1));
        return v.lane(0);
    }

    /** Where the columns of whole vectors end and the scalar tail starts. */
    static int vectorEnd(int n) {
        return VECTOR ? n - n % F.length() : 0;
    }

    /** w[wOff..] · x[xOff..] over n floats, both on the heap. */
    static float dot(float[] w, int wOff, float[] x, int xOff, int n) {
        int end = vectorEnd(n);
        float sum = 0f;
        if (end > 0) {
            FloatVector acc = FloatVector.zero(F);
            for (int c = 0; c < end; c += F.length()) {
                acc = FloatVector.fromArray(F, w, wOff + c).fma(FloatVector.fromArray(F, x, xOff + c), acc);
            }
            sum = sumLanes(acc);
        }
        for (int c = end; c < n; c++) {
            sum += w[wOff + c] * x[xOff + c];
        }
        return sum;
    }

    /** Four rows of {@code w} (at wOff + i·stride) times x, in the canonical order each. */
    static void dot4(float[] w, int wOff, int stride, float[] x, int xOff, int n, float[] out, int outOff, int outStride) {
        int end = vectorEnd(n);
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        if (end > 0) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int c = 0; c < end; c += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + c);
                a0 = FloatVector.fromArray(F, w, wOff + c).fma(v, a0);
                a1 = FloatVector.fromArray(F, w, wOff + stride + c).fma(v, a1);
                a2 = FloatVector.fromArray(F, w, wOff + 2 * stride + c).fma(v, a2);
                a3 = FloatVector.fromArray(F, w, wOff + 3 * stride + c).fma(v, a3);
            }
            s0 = sumLanes(a0);
            s1 = sumLanes(a1);
            s2 = sumLanes(a2);
            s3 = sumLanes(a3);
        }
        for (int c = end; c < n; c++) {
            float xv = x[xOff + c];
            s0 += w[wOff + c] * xv;
            s1 += w[wOff + stride + c] * xv;
            s2 += w[wOff + 2 * stride + c] * xv;
            s3 += w[wOff + 3 * stride + c] * xv;
        }
        out[outOff] = s0;
        out[outOff + outStride] = s1;
        out[outOff + 2 * outStride] = s2;
        out[outOff + 3 * outStride] = s3;
    }
}
