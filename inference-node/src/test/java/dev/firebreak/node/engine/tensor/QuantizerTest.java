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

    /**
     * GGML blocks made by hand at the edges of Q8_0: fp16 scales subnormal (the smallest and the
     * largest), zero, negative zero, negative and the largest normal; weights -128 and 127. The
     * repacked matrix gives their bytes back exactly, dequantizes to the oracle's weights bit for
     * bit, and its matrix-vector rows (eight rows in the four-stream steps, the ninth alone) are
     * the canonical dot products of those weights, bit for bit.
     */
    @Test
    void shouldKeepEveryBitOfEdgeScalesAndWeights() {
        short[] scales = {0x0001, 0x03FF, 0x0000, (short) 0x8000, (short) 0xBC00, 0x7BFF, 0x3555};
        int rows = 9;
        int cols = 64;
        int blocks = rows * cols / Q8Matrix.BLOCK;
        SplittableRandom random = new SplittableRandom(11);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment ggml = arena.allocate((long) blocks * Q8Matrix.GGML_BLOCK_BYTES);
            for (int b = 0; b < blocks; b++) {
                long block = (long) b * Q8Matrix.GGML_BLOCK_BYTES;
                ggml.set(Layouts.SHORT, block, scales[b % scales.length]);
                for (int k = 0; k < Q8Matrix.BLOCK; k++) {
                    int q = k == 0 ? -128 : k == 1 ? 127 : random.nextInt(-128, 128);
                    ggml.set(ValueLayout.JAVA_BYTE, block + Short.BYTES + k, (byte) q);
                }
            }
            WeightMatrix w = WeightMatrix.of(WeightType.Q8_0, rows, cols, ggml, arena);
            assertThat(w.ggml().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(ggml.toArray(ValueLayout.JAVA_BYTE));
            float[] x = MatMulTest.randoms(random, cols);
            float[] out = new float[rows];
            w.matVecRows(x, 0, out, 0, 0, rows);
            float[] row = new float[cols];
            float[] scratch = new float[Kernels.F.length()];
            for (int r = 0; r < rows; r++) {
                w.dequantizeRow(r, row, 0);
                for (int c = 0; c < cols; c++) {
                    assertThat(Float.floatToRawIntBits(row[c])).as("row %d column %d", r, c)
                            .isEqualTo(Float.floatToRawIntBits(Oracle.weight(WeightType.Q8_0, ggml, cols, r, c)));
                }
                assertThat(Float.floatToRawIntBits(out[r])).as("row %d", r)
                        .isEqualTo(Float.floatToRawIntBits(CanonicalDot.dot(row, 0, x, 0, cols, scratch)));
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
