package dev.firebreak.node.engine.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The transposed lane sums of several accumulators at once must give, bit for bit, what the
 * butterfly gives on each accumulator alone: that is what keeps a row's result the same in a
 * matrix-vector call, a 4-row step and a matrix-matrix tile.
 */
class CanonicalDotTest {

    /** The build runs these tests again with AVX2 only; that run must really have 8-float vectors. */
    @Test
    void shouldUseTheVectorLengthTheRunAsksFor() {
        String expected = System.getProperty("firebreak.expectLanes");
        assumeTrue(expected != null, "this run does not ask for a vector length");
        assertThat(Kernels.F.length()).isEqualTo(Integer.parseInt(expected));
    }

    @ParameterizedTest(name = "{0} vectors")
    @ValueSource(ints = {1, 2, 4, 8, 16, 32})
    void shouldSumEachVectorInTheButterflyOrder(int n) {
        int lanes = Kernels.F.length();
        assumeTrue(lanes <= 16, "vectors of more than 16 floats add their lanes in order, not a butterfly");
        SplittableRandom random = new SplittableRandom(n);
        for (int trial = 0; trial < 200; trial++) {
            float[] acc = new float[n * lanes];
            for (int i = 0; i < acc.length; i++) {
                // Magnitudes over eight decades, so that a different order of adds shows in the last bits.
                acc[i] = (float) ((random.nextDouble() * 2 - 1) * Math.pow(10, random.nextInt(8) - 4));
            }
            float[] expected = new float[n];
            for (int k = 0; k < n; k++) {
                expected[k] = butterfly(acc, k * lanes, lanes);
            }
            float[] sums = new float[n + 1];
            float[] inPlace = acc.clone();

            CanonicalDot.sumLanes(acc, n, sums, 1);
            CanonicalDot.sumLanes(inPlace, n, inPlace, 0);

            for (int k = 0; k < n; k++) {
                assertThat(Float.floatToRawIntBits(sums[1 + k])).as("trial %d, vector %d", trial, k)
                        .isEqualTo(Float.floatToRawIntBits(expected[k]));
                assertThat(Float.floatToRawIntBits(inPlace[k])).as("trial %d, vector %d, sums over acc", trial, k)
                        .isEqualTo(Float.floatToRawIntBits(expected[k]));
            }
        }
    }

    /** Lane i adds lane i ^ d for d = lanes/2 .. 1, in scalar code; lane 0 is the sum. */
    private static float butterfly(float[] acc, int off, int lanes) {
        float[] v = Arrays.copyOfRange(acc, off, off + lanes);
        for (int d = lanes / 2; d >= 1; d /= 2) {
            float[] next = new float[lanes];
            for (int i = 0; i < lanes; i++) {
                next[i] = v[i] + v[i ^ d];
            }
            v = next;
        }
        return v[0];
    }
}
