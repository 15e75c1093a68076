package dev.firebreak.node.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Plain scalar reference: decodes weights straight from their bytes and multiplies in double. */
final class Oracle {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Oracle() {
    }

    static float weight(WeightType type, MemorySegment data, int cols, int row, int col) {
        long index = (long) row * cols + col;
        return switch (type) {
            case F32 -> data.get(FLOAT, index * 4);
            case F16 -> Float.float16ToFloat(data.get(SHORT, index * 2));
            case Q8_0 -> {
                long block = index / 32 * 34;
                yield Float.float16ToFloat(data.get(SHORT, block)) * data.get(ValueLayout.JAVA_BYTE, block + 2 + index % 32);
            }
            case Q4_0 -> {
                long block = index / 32 * 18;
                int j = (int) (index % 32);
                int packed = data.get(ValueLayout.JAVA_BYTE, block + 2 + j % 16) & 0xFF;
                int nibble = j < 16 ? packed & 0xF : packed >>> 4;
                yield Float.float16ToFloat(data.get(SHORT, block)) * (nibble - 8);
            }
        };
    }

    /**
     * Row {@code row} of the matrix encoded in GGML's layout in {@code data}, times x, in double
     * precision; and Σ|w·x| for a tolerance that scales with the terms.
     */
    static double[] rowDot(WeightType type, MemorySegment data, int cols, int row, float[] x, int xOff) {
        double sum = 0;
        double magnitude = 0;
        for (int c = 0; c < cols; c++) {
            double term = (double) weight(type, data, cols, row, c) * x[xOff + c];
            sum += term;
            magnitude += Math.abs(term);
        }
        return new double[] {sum, magnitude};
    }
}
