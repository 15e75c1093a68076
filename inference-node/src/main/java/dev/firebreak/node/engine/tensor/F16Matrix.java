package dev.firebreak.node.engine.tensor;

import java.lang.foreign.MemorySegment;

/** A matrix of IEEE half floats, widened row by row (the widening is a single instruction per lane). */
public record F16Matrix(int rows, int cols, MemorySegment data) implements WeightMatrix {

    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

    @Override
    public WeightType type() {
        return WeightType.F16;
    }

    @Override
    public void matVecRows(float[] x, int xOff, float[] out, int outOff, int from, int to) {
        float[] row = ROW.get();
        if (row.length < cols) {
            row = new float[cols];
            ROW.set(row);
        }
        for (int r = from; r < to; r++) {
            dequantizeRow(r, row, 0);
            out[outOff + r] = VectorMath.dot(row, 0, x, xOff, cols);
        }
    }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        long base = (long) row * cols * Short.BYTES;
        for (int i = 0; i < cols; i++) {
            dst[dstOff + i] = Float.float16ToFloat(data.get(Layouts.SHORT, base + (long) i * Short.BYTES));
        }
    }
}
