package dev.firebreak.node.engine.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantizerTest {

    @Test
    void shouldKeepQ8WithinHalfAStepOfEachBlockScale() {
        assertRoundTripWithin(WeightType.Q8_0, 0.5f / 127f + 1e-3f);
    }

    @Test
    void shouldKeepQ4WithinOneStepOfEachBlockScale() {
        assertRoundTripWithin(WeightType.Q4_0, 1f / 8f + 1e-3f);
    }

    @Test
    void shouldKeepF16WithinItsPrecision() {
        assertRoundTripWithin(WeightType.F16, 1e-3f);
    }

    @Test
    void shouldEncodeAnAllZeroBlockAsZeros() {
        try (Arena arena = Arena.ofShared()) {
            WeightMatrix w = WeightMatrix.of(WeightType.Q8_0, 1, 32,
                    Quantizer.encode(WeightType.Q8_0, new float[32], arena));
            float[] row = new float[32];
            w.dequantizeRow(0, row, 0);
            assertThat(row).containsOnly(0f);
        }
    }

    @Test
    void shouldRefuseRowsThatAreNotWholeBlocks() {
        try (Arena arena = Arena.ofShared()) {
            assertThatThrownBy(() -> WeightMatrix.of(WeightType.Q8_0, 2, 48, arena.allocate(102)))
                    .hasMessageContaining("whole blocks of 32");
            assertThatThrownBy(() -> WeightMatrix.of(WeightType.F32, 2, 3, arena.allocate(20)))
                    .hasMessageContaining("needs 24 bytes; got 20");
        }
    }

    /** Every value within {@code relative} × its block's largest magnitude of the original. */
    private static void assertRoundTripWithin(WeightType type, float relative) {
        SplittableRandom random = new SplittableRandom(7);
        float[] values = MatMulTest.randoms(random, 32 * 20);
        try (Arena arena = Arena.ofShared()) {
            WeightMatrix w = WeightMatrix.of(type, 20, 32, Quantizer.encode(type, values, arena));
            float[] row = new float[32];
            for (int r = 0; r < 20; r++) {
                w.dequantizeRow(r, row, 0);
                float amax = 0;
                for (int j = 0; j < 32; j++) {
                    amax = Math.max(amax, Math.abs(values[r * 32 + j]));
                }
                for (int j = 0; j < 32; j++) {
                    assertThat(Math.abs(row[j] - values[r * 32 + j])).isLessThanOrEqualTo(relative * amax);
                }
            }
        }
    }
}
