package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

import java.util.Arrays;

import static dev.firebreak.node.engine.tensor.Kernels.F;
import static dev.firebreak.node.engine.tensor.Kernels.VECTOR;

/**
 * The one summation order of a weight row times an activation row (see {@link WeightMatrix}):
 * a single vector accumulator over whole vectors, reduced, then the tail in order. Four rows are
 * done side by side so that four accumulator chains keep the FMA units busy.
 *
 * <p>The lane sum is a butterfly: lane i adds lane i ^ d for d = lanes/2 .. 1, and lane 0 is the
 * result (vectors of more than 16 floats, which no x86 JVM has, add their lanes in order instead).
 * {@code reduceLanes(ADD)} may add in another order in compiled and interpreted code (seen in
 * tests); lane-wise adds are the same everywhere.
 *
 * <p>Kernels hand their accumulators to {@link #sumLanes(float[], int, float[], int)} through an
 * array, never as vector arguments. C2 stops inlining a method's own callees once the method's IR
 * passes a node budget ({@code NodeCountInliningCutoff}, fixed in product JVMs), which an unrolled
 * Vector API kernel reaches; a vector passed to a call that is not inlined is boxed on the heap.
 * With {@code sumLanes(FloatVector)} calls after the 4x4 matrix-matrix tile, most were not
 * inlined and the tile boxed its vectors on every pass, far slower (measured in
 * {@code docs/benchmarks/engine.md}, "Matrix-matrix").
 */
final class CanonicalDot {

    // Constants, one per butterfly step: C2 keeps masks and shuffles in registers only when they are constants.
    static final VectorShuffle<Float> SWAP_8 = butterfly(8);
    static final VectorShuffle<Float> SWAP_4 = butterfly(4);
    static final VectorShuffle<Float> SWAP_2 = butterfly(2);
    static final VectorShuffle<Float> SWAP_1 = butterfly(1);
    static final VectorMask<Float> HIGH_8 = high(8);
    static final VectorMask<Float> HIGH_4 = high(4);
    static final VectorMask<Float> HIGH_2 = high(2);
    static final VectorMask<Float> HIGH_1 = high(1);

    private CanonicalDot() {
    }

    private static VectorShuffle<Float> butterfly(int distance) {
        return VectorShuffle.fromOp(F, i -> (i ^ distance) & (F.length() - 1));
    }

    /** The lanes whose index has bit {@code distance} set. */
    private static VectorMask<Float> high(int distance) {
        long bits = 0;
        for (int i = 0; i < F.length(); i++) {
            if ((i & distance) != 0) {
                bits |= 1L << i;
            }
        }
        return VectorMask.fromLong(F, bits);
    }

    /**
     * sums[sumsOff + k] = the lane sum of vector k of {@code acc} (whole vectors one after another),
     * for k in [0, n), each in the butterfly order. {@code acc} is overwritten; {@code sums} may be
     * {@code acc} itself.
     *
     * <p>Up to a vector's worth of sums are done together, transposed: at each step two vectors
     * become one, the first's pair sums in the lanes without bit d, the second's in those with it.
     * The adds are exactly the butterfly's (lane i + lane i ^ d), so each result is bit-identical
     * to reducing its vector alone, in a quarter of the shuffles.
     */
    static void sumLanes(float[] acc, int n, float[] sums, int sumsOff) {
        int lanes = F.length();
        if (lanes > 16) {
            for (int k = 0; k < n; k++) {
                float sum = 0f;
                for (int i = 0; i < lanes; i++) {
                    sum += acc[k * lanes + i];
                }
                sums[sumsOff + k] = sum;
            }
            return;
        }
        for (int first = 0; first < n; first += lanes) {
            int count = Math.min(lanes, n - first);
            int group = Integer.highestOneBit(count);
            if (group != count) {
                throw new IllegalArgumentException("lane sums of " + n + " vectors of " + lanes
                        + " lanes: the vectors past each whole vector's worth must be a power of two, not " + count);
            }
            for (int distance = lanes / 2; distance >= 1; distance /= 2) {
                group = halve(acc, first, group, distance);
            }
            // Vector k of the group ended in the lanes starting at k·(lanes / count).
            for (int k = 0; k < count; k++) {
                sums[sumsOff + first + k] = acc[first * lanes + k * (lanes / count)];
            }
        }
    }

    /**
     * One butterfly step over {@code count} vectors from vector {@code first}: vectors k and
     * k + count/2 become vector k (a lone vector is paired with itself). Returns the vectors left.
     */
    private static int halve(float[] acc, int first, int count, int distance) {
        int lanes = F.length();
        int half = Math.max(1, count / 2);
        for (int k = 0; k < half; k++) {
            int aOff = (first + k) * lanes;
            int bOff = count == 1 ? aOff : (first + k + half) * lanes;
            FloatVector a = FloatVector.fromArray(F, acc, aOff);
            FloatVector b = FloatVector.fromArray(F, acc, bOff);
            FloatVector pairs = switch (distance) {
                case 8 -> a.blend(b, HIGH_8).add(b.blend(a, HIGH_8).rearrange(SWAP_8));
                case 4 -> a.blend(b, HIGH_4).add(b.blend(a, HIGH_4).rearrange(SWAP_4));
                case 2 -> a.blend(b, HIGH_2).add(b.blend(a, HIGH_2).rearrange(SWAP_2));
                case 1 -> a.blend(b, HIGH_1).add(b.blend(a, HIGH_1).rearrange(SWAP_1));
                default -> throw new IllegalArgumentException("no butterfly step of distance " + distance);
            };
            pairs.intoArray(acc, aOff);
        }
        return half;
    }

    /** Where the columns of whole vectors end and the scalar tail starts. */
    static int vectorEnd(int n) {
        return VECTOR ? n - n % F.length() : 0;
    }

    /**
     * w[wOff..] · x[xOff..] over n floats, both on the heap. {@code acc} is scratch of at least one
     * vector, passed in so that a kernel calling this per dot product allocates nothing.
     */
    static float dot(float[] w, int wOff, float[] x, int xOff, int n, float[] acc) {
        int end = vectorEnd(n);
        float sum = 0f;
        if (end > 0) {
            FloatVector a = FloatVector.zero(F);
            for (int c = 0; c < end; c += F.length()) {
                a = FloatVector.fromArray(F, w, wOff + c).fma(FloatVector.fromArray(F, x, xOff + c), a);
            }
            a.intoArray(acc, 0);
            sumLanes(acc, 1, acc, 0);
            sum = acc[0];
        }
        for (int c = end; c < n; c++) {
            sum += w[wOff + c] * x[xOff + c];
        }
        return sum;
    }

    /**
     * Four rows of {@code w} (at wOff + i·stride) times x, in the canonical order each, into
     * out[outOff + i·outStride]. {@code acc} (four vectors) and {@code sums} (four floats) are scratch.
     */
    static void dot4(float[] w, int wOff, int stride, float[] x, int xOff, int n, float[] out, int outOff, int outStride,
                     float[] acc, float[] sums) {
        int end = vectorEnd(n);
        Arrays.fill(sums, 0, 4, 0f);
        if (end > 0) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int c = 0; c < end; c += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + c);
                a0 = FloatVector.fromArray(F, w, wOff + c).fma(v, a0);
                a1 = FloatVector.fromArray(F, w, wOff + stride + c).fma(v, a1);
                a2 = FloatVector.fromArray(F, w, wOff + 2 * stride + c).fma(v, a2);
                a3 = FloatVector.fromArray(F, w, wOff + 3 * stride + c).fma(v, a3);
            }
            a0.intoArray(acc, 0);
            a1.intoArray(acc, F.length());
            a2.intoArray(acc, 2 * F.length());
            a3.intoArray(acc, 3 * F.length());
            sumLanes(acc, 4, sums, 0);
        }
        for (int c = end; c < n; c++) {
            float xv = x[xOff + c];
            sums[0] += w[wOff + c] * xv;
            sums[1] += w[wOff + stride + c] * xv;
            sums[2] += w[wOff + 2 * stride + c] * xv;
            sums[3] += w[wOff + 3 * stride + c] * xv;
        }
        for (int i = 0; i < 4; i++) {
            out[outOff + i * outStride] = sums[i];
        }
    }
}
