package dev.firebreak.node.engine.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Off-heap kernels against plain loops over the same rows, on odd sizes and scattered rows. */
class SegmentMathTest {

    private final SplittableRandom random = new SplittableRandom(23);

    @Test
    void shouldScoreScatteredRowsInTheCanonicalOrderOfEachDotProduct() {
        try (Arena arena = Arena.ofConfined()) {
            for (int n : new int[] {1, 15, 16, 17, 64, 65, 130}) {
                for (int count : new int[] {1, 3, 4, 7, 129}) {
                    MemorySegment rows = randomRows(arena, count, n);
                    long[] offsets = scattered(count, n);
                    float[] x = MatMulTest.randoms(random, n + 3);
                    float[] out = MatMulTest.randoms(random, count + 2);
                    float[] before = out.clone();

                    SegmentMath.dots(rows, offsets, count, x, 3, n, 0.125f, out, 1, SegmentMath.dotsScratch());

                    float[] acc = new float[Kernels.F.length()];
                    for (int p = 0; p < count; p++) {
                        float[] row = new float[n];
                        MemorySegment.copy(rows, Layouts.FLOAT, offsets[p], row, 0, n);
                        float expected = 0.125f * CanonicalDot.dot(row, 0, x, 3, n, acc);
                        assertThat(out[1 + p]).as("n=%d count=%d p=%d", n, count, p).isEqualTo(expected);
                    }
                    assertThat(out[0]).isEqualTo(before[0]);
                    assertThat(out[count + 1]).isEqualTo(before[count + 1]);
                }
            }
        }
    }

    @Test
    void shouldScoreInTheCanonicalOrderOnceCompiled() {
        // Enough calls for C2 to compile the four-position path: it must still match in every bit.
        int n = 64;
        int count = 6;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rows = arena.allocate((long) (count * n + 7) * Float.BYTES, 64);
            long[] offsets = scattered(count, n);
            float[] row = new float[n];
            float[] acc = new float[Kernels.F.length()];
            float[] out = new float[count];
            float[] scratch = SegmentMath.dotsScratch();
            for (int call = 0; call < 20_000; call++) {
                float[] values = MatMulTest.randoms(random, count * n + 7);
                MemorySegment.copy(values, 0, rows, Layouts.FLOAT, 0, values.length);
                float[] x = MatMulTest.randoms(random, n);
                SegmentMath.dots(rows, offsets, count, x, 0, n, 0.125f, out, 0, scratch);
                int p = call % count;
                MemorySegment.copy(rows, Layouts.FLOAT, offsets[p], row, 0, n);
                float expected = 0.125f * CanonicalDot.dot(row, 0, x, 0, n, acc);
                if (Float.floatToRawIntBits(out[p]) != Float.floatToRawIntBits(expected)) {
                    assertThat(out[p]).as("call %d, position %d", call, p).isEqualTo(expected);
                }
            }
        }
    }

    /** Rows scattered and out of order, as a paged KV cache hands them out, some not 16-byte aligned. */
    private static long[] scattered(int count, int n) {
        long[] offsets = new long[count];
        for (int p = 0; p < count; p++) {
            int row = (p * 5 + 3) % count;
            offsets[p] = ((long) row * n + 7 - p % 2) * Float.BYTES;
        }
        return offsets;
    }

    @Test
    void shouldSumWeightedRowsInOrderAsRepeatedFusedAxpyWould() {
        try (Arena arena = Arena.ofConfined()) {
            for (int n : new int[] {1, 15, 16, 17, 64, 65, 130}) {
                for (int count : new int[] {1, 3, 129}) {
                    MemorySegment rows = randomRows(arena, count, n);
                    long[] offsets = scattered(count, n);
                    // A group's scores sit in one array, each head's at its own offset.
                    float[] weights = MatMulTest.randoms(random, count + 3);
                    float[] out = MatMulTest.randoms(random, n + 5);
                    float[] before = out.clone();

                    SegmentMath.weightedSum(weights, 3, rows, offsets, count, out, 2, n);

                    int vectorEnd = Kernels.VECTOR ? n / Kernels.F.length() * Kernels.F.length() : 0;
                    for (int i = 0; i < n; i++) {
                        float expected = 0f;
                        for (int p = 0; p < count; p++) {
                            float v = rows.get(Layouts.FLOAT, offsets[p] + (long) i * Float.BYTES);
                            expected = i < vectorEnd ? Math.fma(v, weights[3 + p], expected) : expected + weights[3 + p] * v;
                        }
                        assertThat(out[2 + i]).as("n=%d count=%d i=%d", n, count, i).isEqualTo(expected);
                    }
                    assertThat(out[0]).isEqualTo(before[0]);
                    assertThat(out[1]).isEqualTo(before[1]);
                    assertThat(out[n + 2]).isEqualTo(before[n + 2]);
                }
            }
        }
    }

    /** {@code count} random rows of {@code n} floats and 7 more, in a 64-byte aligned segment. */
    private MemorySegment randomRows(Arena arena, int count, int n) {
        float[] values = MatMulTest.randoms(random, count * n + 7);
        MemorySegment rows = arena.allocate((long) values.length * Float.BYTES, 64);
        MemorySegment.copy(values, 0, rows, Layouts.FLOAT, 0, values.length);
        return rows;
    }
}
