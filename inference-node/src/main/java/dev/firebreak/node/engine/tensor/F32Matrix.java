package dev.firebreak.node.engine.tensor;

import java.lang.foreign.MemorySegment;

/** A matrix of 32-bit floats. */
public record F32Matrix(int rows, int cols, MemorySegment data) implements WeightMatrix {

    @Override
    public WeightType type() {
        return WeightType.F32;
    }

    @Override
    public void matVecRows(float[] x, int xOff, float[] out, int outOff, int from, int to) {
        for (int r = from; r < to; r++) {
            out[outOff + r] = SegmentMath.dot(data, (long) r * cols * Float.BYTES, x, xOff, cols);
        }
    }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        MemorySegment.copy(data, Layouts.FLOAT, (long) row * cols * Float.BYTES, dst, dstOff, cols);
    }
}
