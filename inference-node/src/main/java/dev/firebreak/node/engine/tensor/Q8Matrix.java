package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.firebreak.node.engine.tensor.CanonicalDot.HIGH_4;
import static dev.firebreak.node.engine.tensor.CanonicalDot.HIGH_8;
import static dev.firebreak.node.engine.tensor.CanonicalDot.SWAP_1;
import static dev.firebreak.node.engine.tensor.CanonicalDot.SWAP_2;
import static dev.firebreak.node.engine.tensor.CanonicalDot.SWAP_4;
import static dev.firebreak.node.engine.tensor.CanonicalDot.SWAP_8;
import static dev.firebreak.node.engine.tensor.Kernels.F;
import static dev.firebreak.node.engine.tensor.Kernels.VECTOR;

/**
 * A matrix in GGML's Q8_0: blocks of 32 signed bytes with one fp16 scale each (34 bytes). The
 * matrix-vector kernel widens bytes to floats in registers and never writes them out.
 */
public record Q8Matrix(int rows, int cols, MemorySegment data) implements WeightMatrix {

    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 34;
    /** Bytes that widen to one float vector. */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));

    @Override
    public WeightType type() {
        return WeightType.Q8_0;
    }

    private long rowBytes() {
        return (long) cols / BLOCK * BLOCK_BYTES;
    }

    @Override
    public void matVecRows(float[] x, int xOff, float[] out, int outOff, int from, int to) {
        if (!VECTOR) {
            float[] row = new float[cols];
            float[] acc = new float[F.length()];
            for (int r = from; r < to; r++) {
                dequantizeRow(r, row, 0);
                out[outOff + r] = CanonicalDot.dot(row, 0, x, xOff, cols, acc);
            }
            return;
        }
        // Four long sequential streams (one per quarter of the range) rather than four adjacent
        // short rows: the hardware prefetchers follow the former (measured: 2x on 640-column rows).
        int quarter = (to - from) / 4;
        float[] acc = new float[4 * F.length()];
        float[] sums = new float[4];
        for (int i = 0; i < quarter; i++) {
            dot4(from + i, quarter, x, xOff, acc, sums);
            for (int k = 0; k < 4; k++) {
                out[outOff + from + i + k * quarter] = sums[k];
            }
        }
        for (int r = from + 4 * quarter; r < to; r++) {
            out[outOff + r] = dot1(r, x, xOff, acc);
        }
    }

    private float dot1(int row, float[] x, int xOff, float[] acc) {
        long base = row * rowBytes();
        FloatVector a = FloatVector.zero(F);
        for (int b = 0; b < cols / BLOCK; b++) {
            long o = base + (long) b * BLOCK_BYTES;
            FloatVector scale = scale(o);
            for (int j = 0; j < BLOCK; j += F.length()) {
                a = weights(o, j, scale).fma(FloatVector.fromArray(F, x, xOff + b * BLOCK + j), a);
            }
        }
        a.intoArray(acc, 0);
        CanonicalDot.sumLanes(acc, 1, acc, 0);
        return acc[0];
    }

    /**
     * Rows row, row + apart, row + 2·apart, row + 3·apart; results in sums[0..4). The accumulators
     * leave through {@code acc} (see {@link CanonicalDot}).
     */
    private void dot4(int row, int apart, float[] x, int xOff, float[] acc, float[] sums) {
        long stride = apart * rowBytes();
        long start = row * rowBytes();
        long end = start + rowBytes();
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        // One long induction variable for the byte offset (measured: about 15% faster than an int
        // block index scaled to a long offset in each access, in cache and from memory alike).
        int xi = xOff;
        for (long o0 = start; o0 < end; o0 += BLOCK_BYTES, xi += BLOCK) {
            long o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride;
            FloatVector s0 = scale(o0), s1 = scale(o1), s2 = scale(o2), s3 = scale(o3);
            for (int j = 0; j < BLOCK; j += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xi + j);
                a0 = weights(o0, j, s0).fma(v, a0);
                a1 = weights(o1, j, s1).fma(v, a1);
                a2 = weights(o2, j, s2).fma(v, a2);
                a3 = weights(o3, j, s3).fma(v, a3);
            }
        }
        if (F.length() == 16) {
            // CanonicalDot.sumLanes's transposed steps in registers (Vector API calls only, which C2
            // inlines past its node budget): vector k ends in lanes 4k..4k+3. Measured: 4-8% on
            // decode-sized matrices, whose rows are a few hundred weights.
            FloatVector r0 = a0.blend(a2, HIGH_8).add(a2.blend(a0, HIGH_8).rearrange(SWAP_8));
            FloatVector r1 = a1.blend(a3, HIGH_8).add(a3.blend(a1, HIGH_8).rearrange(SWAP_8));
            FloatVector q = r0.blend(r1, HIGH_4).add(r1.blend(r0, HIGH_4).rearrange(SWAP_4));
            q = q.add(q.rearrange(SWAP_2));
            q = q.add(q.rearrange(SWAP_1));
            sums[0] = q.lane(0);
            sums[1] = q.lane(4);
            sums[2] = q.lane(8);
            sums[3] = q.lane(12);
            return;
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, F.length());
        a2.intoArray(acc, 2 * F.length());
        a3.intoArray(acc, 3 * F.length());
        CanonicalDot.sumLanes(acc, 4, sums, 0);
    }

    /** The weights j..j+lanes of the block at {@code blockOff}, widened and scaled exactly as dequantizeRow does. */
    private FloatVector weights(long blockOff, int j, FloatVector scale) {
        return ((FloatVector) ByteVector.fromMemorySegment(B, data, blockOff + 2 + j, Layouts.ORDER).castShape(F, 0))
                .mul(scale);
    }

    private FloatVector scale(long blockOff) {
        return FloatVector.broadcast(F, Float.float16ToFloat(data.get(Layouts.SHORT, blockOff)));
    }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        long base = row * rowBytes();
        for (int b = 0; b < cols / BLOCK; b++) {
            long o = base + (long) b * BLOCK_BYTES;
            int d = dstOff + b * BLOCK;
            if (VECTOR) {
                FloatVector scale = scale(o);
                for (int j = 0; j < BLOCK; j += F.length()) {
                    weights(o, j, scale).intoArray(dst, d + j);
                }
            } else {
                float s = Float.float16ToFloat(data.get(Layouts.SHORT, o));
                for (int j = 0; j < BLOCK; j++) {
                    dst[d + j] = s * data.get(ValueLayout.JAVA_BYTE, o + 2 + j);
                }
            }
        }
    }
}
