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
    void shouldGiveTheSameExponentialInEveryLaneAsTheScalarTwinWithin2UlpOfMathExp() {
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 180 - 90);
        }
        x[0] = 0f;
        x[1] = -87.3f;
        x[2] = 87.9f;
        x[3] = -1e-8f;
        for (int i = 0; i + Kernels.F.length() <= x.length; i += Kernels.F.length()) {
            float[] lanes = VectorMath.exp(jdk.incubator.vector.FloatVector.fromArray(Kernels.F, x, i)).toArray();
            for (int l = 0; l < lanes.length; l++) {
                float xi = x[i + l];
                assertThat(Float.floatToRawIntBits(lanes[l])).as("lane of %s", xi)
                        .isEqualTo(Float.floatToRawIntBits(VectorMath.exp(xi)));
                if (xi >= -87.3f && xi <= 88f) {
                    float expected = (float) Math.exp(xi);
                    assertThat((double) lanes[l]).as("e^%s", xi).isCloseTo(expected, within(2.0 * Math.ulp(expected)));
                }
            }
        }
        assertThat(VectorMath.exp(-1000f)).isLessThan(1.2e-38f).isPositive();
        assertThat(VectorMath.exp(1000f)).isFinite();
    }

    @Test
    void shouldStayBitIdenticalToTheScalarTwinOnceCompiled() {
        // Enough calls for C2 to compile both exps: the twins must agree in every tier.
        float[] x = new float[Kernels.F.length()];
        for (int call = 0; call < 20_000; call++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextDouble() * 180 - 90);
            }
            float[] lanes = VectorMath.exp(jdk.incubator.vector.FloatVector.fromArray(Kernels.F, x, 0)).toArray();
            for (int i = 0; i < x.length; i++) {
                if (Float.floatToRawIntBits(lanes[i]) != Float.floatToRawIntBits(VectorMath.exp(x[i]))) {
                    assertThat(lanes[i]).as("call %d, e^%s", call, x[i]).isEqualTo(VectorMath.exp(x[i]));
                }
            }
        }
    }

    @Test
    void shouldComputeSoftmaxLikeAPlainLoopOnOddLengths() {
        for (int n : new int[] {1, 2, 15, 16, 17, 33, 129, 1000}) {
            float[] x = MatMulTest.randoms(random, n + 3);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 20;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 3; i < n + 3; i++) {
                max = Math.max(max, x[i]);
            }
            double sum = 0;
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) {
                expected[i] = Math.exp(x[i + 3] - max);
                sum += expected[i];
            }
            float[] before = x.clone();
            VectorMath.softmax(x, 3, n);
            for (int i = 0; i < n; i++) {
                assertThat((double) x[i + 3]).as("n=%d i=%d", n, i).isCloseTo(expected[i] / sum, within(1e-6 + 1e-5 * expected[i] / sum));
            }
            assertThat(java.util.Arrays.copyOf(x, 3)).containsExactly(java.util.Arrays.copyOf(before, 3));
        }
    }

    @Test
    void shouldGateWithSiluOnOddLengths() {
        for (int n : new int[] {1, 15, 16, 17, 45}) {
            float[] gate = MatMulTest.randoms(random, n + 1);
            float[] up = MatMulTest.randoms(random, n + 2);
            for (int i = 0; i < gate.length; i++) {
                gate[i] *= 30;
            }
            float[] before = gate.clone();
            VectorMath.swiGlu(gate, 1, up, 2, n);
            for (int i = 0; i < n; i++) {
                double g = before[i + 1];
                assertThat((double) gate[i + 1]).as("n=%d g=%s", n, g)
                        .isCloseTo(g / (1 + Math.exp(-g)) * up[i + 2], within(1e-5 * Math.max(1, Math.abs(g))));
            }
        }
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
