package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
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
 * A matrix of GGML's Q8_0 weights (blocks of 32 signed bytes, each block with one scale),
 * repacked when it is loaded into the layout the matrix-vector kernel reads fastest.
 *
 * <p>Rows go in groups of four (the last group padded with zeros). A group stores its rows block
 * by block: the four rows' 32 bytes one after another, then their four scales as fp32, 144 bytes
 * for 128 weights against GGML's 136. So four rows are one sequential stream with one address,
 * and a scale is one broadcast load instead of an fp16 widening of four instructions. Measured
 * against GGML's layout read in place: 1.5x in cache on one thread (compute-bound), and more from
 * memory with two streams per thread (see {@link #matVecRows}). The fp32 scales are exactly the
 * fp16 ones, so the weights, and every result, are those of the GGML layout.
 */
public record Q8Matrix(int rows, int cols, MemorySegment data) implements WeightMatrix {

    static final int BLOCK = 32;
    /** GGML's block: an fp16 scale, then the 32 bytes. */
    static final int GGML_BLOCK_BYTES = 34;
    static final int GROUP = 4;
    /** One block of a group: four rows' bytes, then four fp32 scales. */
    static final int GROUP_BLOCK_BYTES = GROUP * BLOCK + GROUP * Float.BYTES;
    /** Where a group block's scales start, after its four rows' bytes. */
    private static final int SCALES = GROUP * BLOCK;
    /** Bytes that widen to one float vector. */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));


    public Q8Matrix {
        if (cols % BLOCK != 0 || data.byteSize() != bytesFor(rows, cols)) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " Q8_0 matrix in groups of four rows needs "
                    + bytesFor(rows, cols) + " bytes; got " + data.byteSize());
        }
    }

    /** Bytes of the repacked layout. */
    static long bytesFor(int rows, int cols) {
        return (long) (rows + GROUP - 1) / GROUP * (cols / BLOCK) * GROUP_BLOCK_BYTES;
    }

    /** {@code ggml} (GGML's Q8_0 layout, rows × cols) repacked into a new segment of {@code arena}. */
    static Q8Matrix repack(int rows, int cols, MemorySegment ggml, Arena arena) {
        MemorySegment data = arena.allocate(bytesFor(rows, cols), 64);
        int blocks = cols / BLOCK;
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < blocks; b++) {
                long from = ((long) r * blocks + b) * GGML_BLOCK_BYTES;
                long to = groupBlock(r / GROUP, b, blocks);
                data.set(Layouts.FLOAT, to + scaleOffset(r), Float.float16ToFloat(ggml.get(Layouts.SHORT, from)));
                MemorySegment.copy(ggml, from + 2, data, to + quantsOffset(r), BLOCK);
            }
        }
        return new Q8Matrix(rows, cols, data);
    }

    @Override
    public WeightType type() {
        return WeightType.Q8_0;
    }

    /** The weights in GGML's layout again, on the heap (fp32 scales narrow back to fp16 exactly). */
    @Override
    public MemorySegment ggml() {
        int blocks = cols / BLOCK;
        MemorySegment out = MemorySegment.ofArray(new byte[Math.toIntExact((long) rows * blocks * GGML_BLOCK_BYTES)]);
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < blocks; b++) {
                long to = ((long) r * blocks + b) * GGML_BLOCK_BYTES;
                long from = groupBlock(r / GROUP, b, blocks);
                out.set(Layouts.SHORT, to, Float.floatToFloat16(data.get(Layouts.FLOAT, from + scaleOffset(r))));
                MemorySegment.copy(data, from + quantsOffset(r), out, to + 2, BLOCK);
            }
        }
        return out;
    }

    private static long groupBlock(int group, int block, int blocks) {
        return ((long) group * blocks + block) * GROUP_BLOCK_BYTES;
    }

    private static int quantsOffset(int row) {
        return row % GROUP * BLOCK;
    }

    private static int scaleOffset(int row) {
        return SCALES + row % GROUP * Float.BYTES;
    }

    /**
     * Whole groups inside the range two at a time, from the two halves of the range: two streams
     * per thread, which the prefetchers keep fuller than one. Rows of a group cut by the range,
     * and a last odd group, go one by one.
     */
    @Override
    public void matVecRows(float[] x, int xOff, float[] out, int outOff, int from, int to) {
        int firstGroup = (from + GROUP - 1) / GROUP;
        int endGroup = to / GROUP;
        float[] acc = new float[2 * GROUP * F.length()];
        if (!VECTOR) {
            float[] row = new float[cols];
            for (int r = from; r < to; r++) {
                dequantizeRow(r, row, 0);
                out[outOff + r] = CanonicalDot.dot(row, 0, x, xOff, cols, acc);
            }
            return;
        }
        if (firstGroup >= endGroup) {
            for (int r = from; r < to; r++) {
                out[outOff + r] = dot1(r, x, xOff, acc);
            }
            return;
        }
        for (int r = from; r < firstGroup * GROUP; r++) {
            out[outOff + r] = dot1(r, x, xOff, acc);
        }
        int half = (endGroup - firstGroup) / 2;
        for (int g = firstGroup; g < firstGroup + half; g++) {
            dot8(g, half, x, xOff, acc);
            for (int k = 0; k < GROUP; k++) {
                out[outOff + g * GROUP + k] = acc[k];
                out[outOff + (g + half) * GROUP + k] = acc[GROUP + k];
            }
        }
        for (int r = (firstGroup + 2 * half) * GROUP; r < to; r++) {
            out[outOff + r] = dot1(r, x, xOff, acc);
        }
    }

    private float dot1(int row, float[] x, int xOff, float[] acc) {
        int blocks = cols / BLOCK;
        FloatVector a = FloatVector.zero(F);
        for (int b = 0; b < blocks; b++) {
            long o = groupBlock(row / GROUP, b, blocks);
            FloatVector scale = FloatVector.broadcast(F, data.get(Layouts.FLOAT, o + scaleOffset(row)));
            for (int j = 0; j < BLOCK; j += F.length()) {
                a = weights(o + quantsOffset(row) + j, scale).fma(FloatVector.fromArray(F, x, xOff + b * BLOCK + j), a);
            }
        }
        a.intoArray(acc, 0);
        CanonicalDot.sumLanes(acc, 1, acc, 0);
        return acc[0];
    }

    /**
     * Groups {@code group} and {@code group + apart}: eight rows, eight accumulators, two streams.
     * Results in acc[0..8), rows in order. The weights are widened inline, not by a helper: this
     * method passes C2's inlining budget, and a helper left out of line returns its vector boxed
     * (see {@link CanonicalDot}).
     */
    private void dot8(int group, int apart, float[] x, int xOff, float[] acc) {
        int blocks = cols / BLOCK;
        long start = groupBlock(group, 0, blocks);
        long other = (long) apart * blocks * GROUP_BLOCK_BYTES;
        MemorySegment d = data;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        // An int block index, not a long byte offset: measured 10-30% faster on this layout.
        for (int b = 0; b < blocks; b++) {
            long o = start + (long) b * GROUP_BLOCK_BYTES;
            long p = o + other;
            int xi = xOff + b * BLOCK;
            FloatVector s0 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o + SCALES));
            FloatVector s1 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o + SCALES + 4));
            FloatVector s2 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o + SCALES + 8));
            FloatVector s3 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o + SCALES + 12));
            FloatVector s4 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, p + SCALES));
            FloatVector s5 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, p + SCALES + 4));
            FloatVector s6 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, p + SCALES + 8));
            FloatVector s7 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, p + SCALES + 12));
            for (int j = 0; j < BLOCK; j += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xi + j);
                long q = o + j;
                long r = p + j;
                a0 = ((FloatVector) ByteVector.fromMemorySegment(B, d, q, Layouts.ORDER).castShape(F, 0)).mul(s0).fma(v, a0);
                a1 = ((FloatVector) ByteVector.fromMemorySegment(B, d, q + 32, Layouts.ORDER).castShape(F, 0)).mul(s1).fma(v, a1);
                a2 = ((FloatVector) ByteVector.fromMemorySegment(B, d, q + 64, Layouts.ORDER).castShape(F, 0)).mul(s2).fma(v, a2);
                a3 = ((FloatVector) ByteVector.fromMemorySegment(B, d, q + 96, Layouts.ORDER).castShape(F, 0)).mul(s3).fma(v, a3);
                a4 = ((FloatVector) ByteVector.fromMemorySegment(B, d, r, Layouts.ORDER).castShape(F, 0)).mul(s4).fma(v, a4);
                a5 = ((FloatVector) ByteVector.fromMemorySegment(B, d, r + 32, Layouts.ORDER).castShape(F, 0)).mul(s5).fma(v, a5);
                a6 = ((FloatVector) ByteVector.fromMemorySegment(B, d, r + 64, Layouts.ORDER).castShape(F, 0)).mul(s6).fma(v, a6);
                a7 = ((FloatVector) ByteVector.fromMemorySegment(B, d, r + 96, Layouts.ORDER).castShape(F, 0)).mul(s7).fma(v, a7);
            }
        }
        if (F.length() == 16) {
            // CanonicalDot.sumLanes's transposed steps in registers, for each group: vector k ends
            // in lanes 4k..4k+3. Measured: 4-8% on decode-sized matrices (rows of a few hundred weights).
            FloatVector r0 = a0.blend(a2, HIGH_8).add(a2.blend(a0, HIGH_8).rearrange(SWAP_8));
            FloatVector r1 = a1.blend(a3, HIGH_8).add(a3.blend(a1, HIGH_8).rearrange(SWAP_8));
            FloatVector q = r0.blend(r1, HIGH_4).add(r1.blend(r0, HIGH_4).rearrange(SWAP_4));
            q = q.add(q.rearrange(SWAP_2));
            q = q.add(q.rearrange(SWAP_1));
            FloatVector r4 = a4.blend(a6, HIGH_8).add(a6.blend(a4, HIGH_8).rearrange(SWAP_8));
            FloatVector r5 = a5.blend(a7, HIGH_8).add(a7.blend(a5, HIGH_8).rearrange(SWAP_8));
            FloatVector t = r4.blend(r5, HIGH_4).add(r5.blend(r4, HIGH_4).rearrange(SWAP_4));
            t = t.add(t.rearrange(SWAP_2));
            t = t.add(t.rearrange(SWAP_1));
            for (int k = 0; k < GROUP; k++) {
                acc[k] = q.lane(4 * k);
                acc[GROUP + k] = t.lane(4 * k);
            }
            return;
        }
        int lanes = F.length();
        a0.intoArray(acc, 0);
        a1.intoArray(acc, lanes);
        a2.intoArray(acc, 2 * lanes);
        a3.intoArray(acc, 3 * lanes);
        a4.intoArray(acc, 4 * lanes);
        a5.intoArray(acc, 5 * lanes);
        a6.intoArray(acc, 6 * lanes);
        a7.intoArray(acc, 7 * lanes);
        CanonicalDot.sumLanes(acc, 2 * GROUP, acc, 0);
    }

    /** Widened and scaled exactly as dequantizeRow does. */
    private FloatVector weights(long quantsOff, FloatVector scale) {
        return ((FloatVector) ByteVector.fromMemorySegment(B, data, quantsOff, Layouts.ORDER).castShape(F, 0)).mul(scale);
    }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        int blocks = cols / BLOCK;
        for (int b = 0; b < blocks; b++) {
            long o = groupBlock(row / GROUP, b, blocks);
            long quants = o + quantsOffset(row);
            float s = data.get(Layouts.FLOAT, o + scaleOffset(row));
            int d = dstOff + b * BLOCK;
            if (VECTOR) {
                FloatVector scale = FloatVector.broadcast(F, s);
                for (int j = 0; j < BLOCK; j += F.length()) {
                    weights(quants + j, scale).intoArray(dst, d + j);
                }
            } else {
                for (int j = 0; j < BLOCK; j++) {
                    dst[d + j] = s * data.get(ValueLayout.JAVA_BYTE, quants + j);
                }
            }
        }
    }
}
