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

/**
 * A matrix in GGML's Q4_0: blocks of 32 weights as an fp16 scale and 16 bytes; weight j (j < 16)
 * is the low nibble of byte j minus 8, weight j + 16 the high nibble.
 */
public record Q4Matrix(int rows, int cols, MemorySegment data) implements WeightMatrix {

    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 18;
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));

    @Override
    public WeightType type() {
        return WeightType.Q4_0;
    }

    @Override
    public void matVecRows(float[] x, int xOff, float[] out, int outOff, int from, int to) {
        long rowBytes = (long) cols / BLOCK * BLOCK_BYTES;
        boolean vector = VECTOR && F.length() <= 16;
        for (int r = from; r < to; r++) {
            out[outOff + r] = vector ? dotVector(data, r * rowBytes, x, xOff, cols) : dotScalar(data, r * rowBytes, x, xOff, cols);
        }
    }

    private static float dotVector(MemorySegment w, long rowOff, float[] x, int xOff, int n) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int half = BLOCK / 2;
        for (int b = 0; b < n / BLOCK; b++) {
            long o = rowOff + (long) b * BLOCK_BYTES;
            FloatVector scale = FloatVector.broadcast(F, Float.float16ToFloat(w.get(Layouts.SHORT, o)));
            FloatVector lowSum = FloatVector.zero(F);
            FloatVector highSum = FloatVector.zero(F);
            int base = xOff + b * BLOCK;
            for (int j = 0; j < half; j += F.length()) {
                ByteVector packed = ByteVector.fromMemorySegment(B, w, o + 2 + j, Layouts.ORDER);
                FloatVector low = (FloatVector) packed.and((byte) 0x0F).sub((byte) 8).castShape(F, 0);
                FloatVector high = (FloatVector) packed.lanewise(VectorOperators.LSHR, 4).sub((byte) 8).castShape(F, 0);
                lowSum = low.fma(FloatVector.fromArray(F, x, base + j), lowSum);
                highSum = high.fma(FloatVector.fromArray(F, x, base + half + j), highSum);
            }
            if ((b & 1) == 0) {
                acc0 = lowSum.add(highSum).fma(scale, acc0);
            } else {
                acc1 = lowSum.add(highSum).fma(scale, acc1);
            }
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    private static float dotScalar(MemorySegment w, long rowOff, float[] x, int xOff, int n) {
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long o = rowOff + (long) b * BLOCK_BYTES;
            float s = Float.float16ToFloat(w.get(Layouts.SHORT, o));
            float blockSum = 0f;
            for (int j = 0; j < BLOCK / 2; j++) {
                int packed = w.get(ValueLayout.JAVA_BYTE, o + 2 + j) & 0xFF;
                blockSum += ((packed & 0x0F) - 8) * x[xOff + b * BLOCK + j];
                blockSum += ((packed >>> 4) - 8) * x[xOff + b * BLOCK + j + BLOCK / 2];
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
            for (int j = 0; j < BLOCK / 2; j++) {
                int packed = data.get(ValueLayout.JAVA_BYTE, o + 2 + j) & 0xFF;
                dst[dstOff + b * BLOCK + j] = s * ((packed & 0x0F) - 8);
                dst[dstOff + b * BLOCK + j + BLOCK / 2] = s * ((packed >>> 4) - 8);
            }
        }
    }
}
