package dev.firebreak.node.engine.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
            WeightMatrix w = WeightMatrix.quantize(WeightType.Q8_0, 1, 32, new float[32], arena);
            float[] row = new float[32];
            w.dequantizeRow(0, row, 0);
            assertThat(row).containsOnly(0f);
        }
    }

    @Test
    void shouldRefuseRowsThatAreNotWholeBlocks() {
        try (Arena arena = Arena.ofShared()) {
            assertThatThrownBy(() -> WeightMatrix.of(WeightType.Q8_0, 2, 48, arena.allocate(102), arena))
                    .hasMessageContaining("whole blocks of 32");
            assertThatThrownBy(() -> WeightMatrix.of(WeightType.F32, 2, 3, arena.allocate(20), arena))
                    .hasMessageContaining("needs 24 bytes; got 20");
        }
    }

    /**
     * Q8_0 is repacked in pairs of rows with fp32 scales; the GGML bytes it gives back (what a
     * GGUF file written from it holds) are exactly those it was made from, for any number of rows.
     */
    @Test
    void shouldGiveBackTheGgmlBytesQ8RowsWereRepackedFrom() {
        SplittableRandom random = new SplittableRandom(3);
        try (Arena arena = Arena.ofShared()) {
            for (int rows : new int[] {1, 3, 4, 5, 9}) {
                MemorySegment encoded = Quantizer.encode(WeightType.Q8_0, MatMulTest.randoms(random, rows * 64), arena);
                WeightMatrix w = WeightMatrix.of(WeightType.Q8_0, rows, 64, encoded, arena);
                assertThat(w.data().byteSize()).as("%d rows", rows).isEqualTo((rows + 1) / 2 * 2 * 72L);
                assertThat(w.ggml().toArray(ValueLayout.JAVA_BYTE)).as("%d rows", rows)
                        .isEqualTo(encoded.toArray(ValueLayout.JAVA_BYTE));
            }
        }
    }

    /** Every value within {@code relative} × its block's largest magnitude of the original. */
    private static void assertRoundTripWithin(WeightType type, float relative) {
        SplittableRandom random = new SplittableRandom(7);
        float[] values = MatMulTest.randoms(random, 32 * 20);
        try (Arena arena = Arena.ofShared()) {
            WeightMatrix w = WeightMatrix.quantize(type, 20, 32, values, arena);
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
