package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.firebreak.node.engine.tensor.Kernels.F;
import static dev.firebreak.node.engine.tensor.Kernels.VECTOR;

/** A matrix in GGML's Q8_0: blocks of 32 signed bytes with one fp16 scale each (34 bytes). */
public record Q8Matrix(int rows, int cols, MemorySegment data) implements WeightMatrix {

    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 34;
    /** Bytes that widen to one float vector. */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));

    @Override
    public WeightType type() {
        return WeightType.Q8_0;
    }

    @Override
    public void matVecRows(float[] x, int xOff, float[] out, int outOff, int from, int to) {
        long rowBytes = (long) cols / BLOCK * BLOCK_BYTES;
        for (int r = from; r < to; r++) {
            out[outOff + r] = VECTOR ? dotVector(data, r * rowBytes, x, xOff, cols) : dotScalar(data, r * rowBytes, x, xOff, cols);
        }
    }

    private static float dotVector(MemorySegment w, long rowOff, float[] x, int xOff, int n) {
        int blocks = n / BLOCK;
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int b = 0;
        // Two blocks per step: two independent accumulator chains.
        for (; b + 1 < blocks; b += 2) {
            long o0 = rowOff + (long) b * BLOCK_BYTES;
            long o1 = o0 + BLOCK_BYTES;
            acc0 = block(w, o0, x, xOff + b * BLOCK).fma(scale(w, o0), acc0);
            acc1 = block(w, o1, x, xOff + (b + 1) * BLOCK).fma(scale(w, o1), acc1);
        }
        if (b < blocks) {
            long o0 = rowOff + (long) b * BLOCK_BYTES;
            acc0 = block(w, o0, x, xOff + b * BLOCK).fma(scale(w, o0), acc0);
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    /** Σ q·x over one block, lane-wise (not yet scaled). */
    private static FloatVector block(MemorySegment w, long blockOff, float[] x, int xOff) {
        FloatVector sum = FloatVector.zero(F);
        for (int j = 0; j < BLOCK; j += F.length()) {
            FloatVector q = (FloatVector) ByteVector.fromMemorySegment(B, w, blockOff + 2 + j, Layouts.ORDER)
                    .castShape(F, 0);
            sum = q.fma(FloatVector.fromArray(F, x, xOff + j), sum);
        }
        return sum;
    }

    private static FloatVector scale(MemorySegment w, long blockOff) {
        return FloatVector.broadcast(F, Float.float16ToFloat(w.get(Layouts.SHORT, blockOff)));
    }

    private static float dotScalar(MemorySegment w, long rowOff, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long o = rowOff + (long) b * BLOCK_BYTES;
            float s = Float.float16ToFloat(w.get(Layouts.SHORT, o));
            float blockSum = 0f;
            for (int j = 0; j < BLOCK; j++) {
                blockSum += w.get(ValueLayout.JAVA_BYTE, o + 2 + j) * x[xOff + b * BLOCK + j];
            }
            sum += s * blockSum;
        }
        return sum;
    }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        long rowOff = (long) row * (cols / BLOCK) * BLOCK_BYTES;
        for (int b = 0; b < cols / BLOCK; b++) {
            long o = rowOff + (long) b * BLOCK_BYTES;
            float s = Float.float16ToFloat(data.get(Layouts.SHORT, o));
            for (int j = 0; j < BLOCK; j++) {
                dst[dstOff + b * BLOCK + j] = s * data.get(ValueLayout.JAVA_BYTE, o + 2 + j);
            }
        }
    }
}
