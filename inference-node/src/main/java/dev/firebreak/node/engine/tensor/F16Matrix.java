package dev.firebreak.node.engine.tensor;

import java.lang.foreign.MemorySegment;

/** A matrix of IEEE half floats, widened row by row (the widening is a single instruction per lane). */
public record F16Matrix(int rows, int cols, MemorySegment data) implements WeightMatrix {

    @Override
    public WeightType type() {
        return WeightType.F16;
    }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        long base = (long) row * cols * Short.BYTES;
        for (int i = 0; i < cols; i++) {
            dst[dstOff + i] = Float.float16ToFloat(data.get(Layouts.SHORT, base + (long) i * Short.BYTES));
        }
    }
}
