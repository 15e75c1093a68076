package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static dev.firebreak.node.engine.tensor.Kernels.F;
import static dev.firebreak.node.engine.tensor.Kernels.VECTOR;

/** A matrix of 32-bit floats. */
public record F32Matrix(int rows, int cols, MemorySegment data) implements WeightMatrix {

    @Override
    public WeightType type() {
        return WeightType.F32;
    }

    @Override
    public void matVecRows(float[] x, int xOff, float[] out, int outOff, int from, int to) {
        for (int r = from; r < to; r++) {
            out[outOff + r] = dot(data, (long) r * cols * Float.BYTES, x, xOff, cols);
        }
    }

    static float dot(MemorySegment w, long byteOff, float[] x, int xOff, int n) {
        int i = 0;
        float sum = 0f;
        if (VECTOR) {
            int step = F.length();
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            for (; i + 4 * step <= n; i += 4 * step) {
                long b = byteOff + (long) i * Float.BYTES;
                s0 = load(w, b).fma(FloatVector.fromArray(F, x, xOff + i), s0);
                s1 = load(w, b + step * 4L).fma(FloatVector.fromArray(F, x, xOff + i + step), s1);
                s2 = load(w, b + step * 8L).fma(FloatVector.fromArray(F, x, xOff + i + 2 * step), s2);
                s3 = load(w, b + step * 12L).fma(FloatVector.fromArray(F, x, xOff + i + 3 * step), s3);
            }
            for (; i + step <= n; i += step) {
                s0 = load(w, byteOff + (long) i * Float.BYTES).fma(FloatVector.fromArray(F, x, xOff + i), s0);
            }
            sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            sum += w.get(Layouts.FLOAT, byteOff + (long) i * Float.BYTES) * x[xOff + i];
        }
        return sum;
    }

    private static FloatVector load(MemorySegment w, long byteOff) {
        return FloatVector.fromMemorySegment(F, w, byteOff, Layouts.ORDER);
    }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        MemorySegment.copy(data, Layouts.FLOAT, (long) row * cols * Float.BYTES, dst, dstOff, cols);
    }
}
