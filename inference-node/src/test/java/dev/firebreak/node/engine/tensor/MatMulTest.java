package dev.firebreak.node.engine.tensor;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every weight type's matrix-vector and matrix-matrix kernels against the scalar oracle, on
 * shapes that are not multiples of the vector length. Tolerance: 1e-5 of Σ|w·x| (float
 * accumulation in a different order).
 */
class MatMulTest {

    private static final double TOLERANCE = 1e-5;

    @AutoClose
    private final Arena arena = Arena.ofShared();

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(WeightType.F32, 1, 1), Arguments.of(WeightType.F32, 3, 7),
                Arguments.of(WeightType.F32, 5, 17), Arguments.of(WeightType.F32, 13, 63),
                Arguments.of(WeightType.F32, 9, 100), Arguments.of(WeightType.F32, 33, 257),
                Arguments.of(WeightType.F32, 8, 64),
                Arguments.of(WeightType.F16, 3, 7), Arguments.of(WeightType.F16, 17, 131),
                Arguments.of(WeightType.Q8_0, 1, 32), Arguments.of(WeightType.Q8_0, 7, 96),
                Arguments.of(WeightType.Q8_0, 13, 288), Arguments.of(WeightType.Q8_0, 64, 1024),
                Arguments.of(WeightType.Q4_0, 1, 32), Arguments.of(WeightType.Q4_0, 7, 96),
                Arguments.of(WeightType.Q4_0, 13, 288), Arguments.of(WeightType.Q4_0, 64, 1024));
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void shouldMatchTheOracleForOneVector(WeightType type, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(rows * 31L + cols);
        Encoded m = Encoded.random(type, rows, cols, random, arena);
        float[] x = randoms(random, cols + 3);
        float[] out = new float[rows + 2];

        MatMul.matVec(m.matrix(), x, 3, out, 2);

        for (int r = 0; r < rows; r++) {
            assertMatchesOracle(out[2 + r], m, r, x, 3, "row " + r);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void shouldMatchTheOracleForABatchOfRows(WeightType type, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(rows * 17L + cols);
        Encoded m = Encoded.random(type, rows, cols, random, arena);
        for (int tokens : new int[] {2, 4, 7, 9}) {
            float[] x = randoms(random, tokens * cols);
            float[] out = new float[tokens * rows];

            MatMul.matMul(m.matrix(), x, tokens, out);

            for (int t = 0; t < tokens; t++) {
                for (int r = 0; r < rows; r++) {
                    assertMatchesOracle(out[t * rows + r], m, r, x, t * cols,
                            "token " + t + " row " + r + " of " + tokens);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void shouldDequantizeRowsExactlyAsTheOracleReadsThem(WeightType type, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(rows + cols);
        Encoded m = Encoded.random(type, rows, cols, random, arena);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            m.matrix().dequantizeRow(r, row, 0);
            for (int c = 0; c < cols; c++) {
                assertThat(row[c]).isEqualTo(Oracle.weight(type, m.bytes(), cols, r, c));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void shouldGiveBitIdenticalRowsWhateverTheBatch(WeightType type, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(rows * 5L + cols);
        WeightMatrix w = WeightMatrix.quantize(type, rows, cols, randoms(random, rows * cols), arena);
        float[] x = randoms(random, 9 * cols);
        float[] batched = new float[9 * rows];
        MatMul.matMul(w, x, 9, batched);
        for (int t = 0; t < 9; t++) {
            float[] alone = new float[rows];
            MatMul.matVec(w, x, t * cols, alone, 0);
            for (int r = 0; r < rows; r++) {
                assertThat(Float.floatToRawIntBits(batched[t * rows + r])).as("token %d row %d", t, r)
                        .isEqualTo(Float.floatToRawIntBits(alone[r]));
            }
        }
    }

    /**
     * The same once C2 has compiled the kernels (thousands of calls): the register reductions of the
     * matrix-matrix tile and of the Q8_0 8-row step, and the one-row step for rows of a cut pair,
     * run compiled, not interpreted, and must still agree bit for bit.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"F32", "Q8_0"})
    void shouldStayBitIdenticalOnceCompiled(WeightType type) {
        int rows = 19;
        int cols = 64;
        int tokens = 8;
        SplittableRandom random = new SplittableRandom(11);
        WeightMatrix w = WeightMatrix.quantize(type, rows, cols, randoms(random, rows * cols), arena);
        float[] batched = new float[tokens * rows];
        float[] alone = new float[rows];
        for (int call = 0; call < 20_000; call++) {
            float[] x = randoms(random, tokens * cols);
            MatMul.matMul(w, x, tokens, batched);
            int t = call % tokens;
            int cut = random.nextInt(rows + 1);
            w.matVecRows(x, t * cols, alone, 0, 0, cut);
            w.matVecRows(x, t * cols, alone, 0, cut, rows);
            for (int r = 0; r < rows; r++) {
                if (Float.floatToRawIntBits(batched[t * rows + r]) != Float.floatToRawIntBits(alone[r])) {
                    assertThat(batched[t * rows + r]).as("call %d token %d row %d, cut at %d", call, t, r, cut).isEqualTo(alone[r]);
                }
            }
        }
    }

    /**
     * A thread's share of rows may start and end anywhere: inside a Q8_0 pair of rows, with whole
     * pairs left over after the four-stream steps, or with none. Every split gives each row the bits it gets in one piece.
     */
    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void shouldGiveTheSameRowsWhereverTheRangeIsCut(WeightType type, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(rows * 3L + cols);
        WeightMatrix w = WeightMatrix.quantize(type, rows, cols, randoms(random, rows * cols), arena);
        float[] x = randoms(random, cols);
        float[] whole = new float[rows];
        w.matVecRows(x, 0, whole, 0, 0, rows);
        for (int trial = 0; trial < 20; trial++) {
            int a = random.nextInt(rows + 1);
            int b = random.nextInt(rows + 1);
            float[] cut = new float[rows];
            w.matVecRows(x, 0, cut, 0, 0, Math.min(a, b));
            w.matVecRows(x, 0, cut, 0, Math.min(a, b), Math.max(a, b));
            w.matVecRows(x, 0, cut, 0, Math.max(a, b), rows);
            assertThat(cut).as("cut at %d and %d", Math.min(a, b), Math.max(a, b)).isEqualTo(whole);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void shouldGiveEachMatrixOfAFusedCallWhatItGetsAlone(WeightType type, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(rows * 7L + cols);
        int[] heights = {rows, rows / 2 + 1, 2 * rows + 3};
        WeightMatrix[] ws = new WeightMatrix[heights.length];
        for (int i = 0; i < ws.length; i++) {
            ws[i] = WeightMatrix.quantize(type, heights[i], cols, randoms(random, heights[i] * cols), arena);
        }
        for (int tokens : new int[] {1, 5, 9}) {
            float[] x = randoms(random, tokens * cols);
            float[][] fused = new float[ws.length][];
            for (int i = 0; i < ws.length; i++) {
                fused[i] = new float[tokens * heights[i]];
            }

            MatMul.matMulAll(ws, x, tokens, fused);

            for (int i = 0; i < ws.length; i++) {
                float[] alone = new float[tokens * heights[i]];
                MatMul.matMul(ws[i], x, tokens, alone);
                assertThat(fused[i]).as("matrix %d, %d tokens", i, tokens).isEqualTo(alone);
            }
        }
    }

    static float[] randoms(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    /** Random weights of one type as the oracle reads them ({@code bytes}) and as the kernels run them ({@code matrix}). */
    private record Encoded(WeightType type, MemorySegment bytes, WeightMatrix matrix) {

        static Encoded random(WeightType type, int rows, int cols, SplittableRandom random, Arena arena) {
            MemorySegment bytes = Quantizer.encode(type, randoms(random, rows * cols), arena);
            return new Encoded(type, bytes, WeightMatrix.of(type, rows, cols, bytes, arena));
        }
    }

    /** {@code actual}, row {@code r} of {@code m} times {@code x} from {@code offset}, is the oracle's within its tolerance. */
    private static void assertMatchesOracle(float actual, Encoded m, int r, float[] x, int offset, String description) {
        double[] expected = Oracle.rowDot(m.type(), m.bytes(), m.matrix().cols(), r, x, offset);
        assertThat((double) actual).as(description).isCloseTo(expected[0], within(TOLERANCE * expected[1] + 1e-6));
    }
}
