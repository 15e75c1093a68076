package dev.firebreak.node.engine.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The element-wise kernels against plain loops, on odd lengths. */
class VectorMathTest {

    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void shouldComputeDotProductsLikeAPlainLoop() {
        for (int n : new int[] {0, 1, 7, 15, 16, 17, 63, 64, 65, 1000}) {
            float[] a = MatMulTest.randoms(random, n + 2);
            float[] b = MatMulTest.randoms(random, n + 5);
            double expected = 0;
            double magnitude = 0;
            for (int i = 0; i < n; i++) {
                expected += (double) a[i + 2] * b[i + 5];
                magnitude += Math.abs((double) a[i + 2] * b[i + 5]);
            }
            assertThat((double) VectorMath.dot(a, 2, b, 5, n)).as("n=%d", n)
                    .isCloseTo(expected, within(1e-5 * magnitude + 1e-7));
        }
    }

    @Test
    void shouldAddAScaledVector() {
        float[] x = MatMulTest.randoms(random, 37);
        float[] y = MatMulTest.randoms(random, 37);
        float[] expected = y.clone();
        for (int i = 0; i < 37; i++) {
            expected[i] += 0.5f * x[i];
        }
        VectorMath.axpy(0.5f, x, 0, y, 0, 37);
        assertThat(y).containsExactly(expected, within(1e-6f));
    }

    @Test
    void shouldNormaliseByRootMeanSquare() {
        float[] x = MatMulTest.randoms(random, 45);
        float[] weight = MatMulTest.randoms(random, 45);
        float[] out = new float[45];
        VectorMath.rmsNorm(out, 0, x, 0, weight, 45, 1e-5f);
        double ss = 0;
        for (float v : x) {
            ss += v * v;
        }
        double scale = 1 / Math.sqrt(ss / 45 + 1e-5);
        for (int i = 0; i < 45; i++) {
            assertThat((double) out[i]).isCloseTo(x[i] * scale * weight[i], within(1e-5));
        }
    }

    @Test
    void shouldTurnScoresIntoProbabilitiesEvenWhenLarge() {
        float[] x = {1000f, 1001f, 999f};
        VectorMath.softmax(x, 0, 3);
        assertThat(x[0] + x[1] + x[2]).isCloseTo(1f, within(1e-6f));
        assertThat(x[1]).isGreaterThan(x[0]).isGreaterThan(x[2]);
    }

    @Test
    void shouldGateWithSilu() {
        float[] gate = {0f, 1f, -2f};
        float[] up = {3f, 2f, 1f};
        VectorMath.swiGlu(gate, 0, up, 0, 3);
        assertThat(gate[0]).isZero();
        assertThat((double) gate[1]).isCloseTo(2 / (1 + Math.exp(-1)), within(1e-6));
        assertThat((double) gate[2]).isCloseTo(-2 / (1 + Math.exp(2)), within(1e-6));
    }
}
