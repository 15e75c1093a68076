package dev.firebreak.node.engine.tensor;


import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;


/**
 * A matrix in GGML's Q4_0: blocks of 32 weights as an fp16 scale and 16 bytes; weight j (j < 16)
 * is the low nibble of byte j minus 8, weight j + 16 the high nibble.
 */
public record Q4Matrix(int rows, int cols, MemorySegment data) implements WeightMatrix {

    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 18;

    @Override
    public WeightType type() {
        return WeightType.Q4_0;
    }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        long rowOff = (long) row * (cols / BLOCK) * BLOCK_BYTES;
        for (int b = 0; b < cols / BLOCK; b++) {
            long o = rowOff + (long) b * BLOCK_BYTES;
            float s = Float.float16ToFloat(data.get(Layouts.SHORT, o));
            for (int j = 0; j < BLOCK / 2; j++) {
                int packed = data.get(ValueLayout.JAVA_BYTE, o + 2 + j) & 0xFF;
                dst[dstOff + b * BLOCK + j] = s * ((packed & 0x0F) - 8);
                dst[dstOff + b * BLOCK + j + BLOCK / 2] = s * ((packed >>> 4) - 8);
            }
        }
    }
}
