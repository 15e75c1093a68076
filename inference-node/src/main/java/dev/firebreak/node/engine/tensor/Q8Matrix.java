package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.firebreak.node.engine.tensor.CanonicalDot.HIGH_2;
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
 * <p>Rows go in pairs (an odd last row is paired with zeros). A pair stores its rows block by
 * block: the two rows' 32 bytes one after the other, then their two scales as fp32, 72 bytes for
 * 64 weights against GGML's 68. So a scale is one broadcast load instead of an fp16 widening of
 * four instructions, and two rows share one address. The fp32 scales are exactly the fp16 ones,
 * so the weights, and every result, are those of the GGML layout.
 *
 * <p>Measured against GGML's layout read in place (one thread, in L2, where the kernel is
 * compute-bound): 1.3-1.6x (31 against 19 GB/s in the engine report). From memory the number of sequential streams per thread matters
 * more than instructions: pairs read from four places at once beat groups of four rows read from
 * two by 10-25% on decode, which is why a pair and not a larger group.
 */
public record Q8Matrix(int rows, int cols, MemorySegment data) implements WeightMatrix {

    static final int BLOCK = 32;
    /** GGML's block: an fp16 scale, then the 32 bytes. */
    static final int GGML_BLOCK_BYTES = 34;
    /** Rows stored together. */
    static final int PAIR = 2;
    /** One block of a pair: the two rows' bytes, then their two fp32 scales. */
    static final int PAIR_BLOCK_BYTES = PAIR * BLOCK + PAIR * Float.BYTES;
    /** Where a pair's block has its scales, after the rows' bytes. */
    private static final int SCALES = PAIR * BLOCK;
    /** Bytes that widen to one float vector. */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));

    public Q8Matrix {
        if (cols % BLOCK != 0 || data.byteSize() != bytesFor(rows, cols)) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " Q8_0 matrix in pairs of rows needs "
                    + bytesFor(rows, cols) + " bytes; got " + data.byteSize());
        }
    }

    /** Bytes of the repacked layout. */
    static long bytesFor(int rows, int cols) {
        return (long) (rows + PAIR - 1) / PAIR * (cols / BLOCK) * PAIR_BLOCK_BYTES;
    }

    /** {@code ggml} (GGML's Q8_0 layout, rows × cols) repacked into a new segment of {@code arena}. */
    static Q8Matrix repack(int rows, int cols, MemorySegment ggml, Arena arena) {
        MemorySegment data = arena.allocate(bytesFor(rows, cols), 64);
        int blocks = cols / BLOCK;
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < blocks; b++) {
                long from = ((long) r * blocks + b) * GGML_BLOCK_BYTES;
                long to = pairBlock(r / PAIR, b, blocks);
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
                long from = pairBlock(r / PAIR, b, blocks);
                out.set(Layouts.SHORT, to, Float.floatToFloat16(data.get(Layouts.FLOAT, from + scaleOffset(r))));
                MemorySegment.copy(data, from + quantsOffset(r), out, to + 2, BLOCK);
            }
        }
        return out;
    }

    private static long pairBlock(int pair, int block, int blocks) {
        return ((long) pair * blocks + block) * PAIR_BLOCK_BYTES;
    }

    private static int quantsOffset(int row) {
        return row % PAIR * BLOCK;
    }

    private static int scaleOffset(int row) {
        return SCALES + row % PAIR * Float.BYTES;
    }

    /**
     * Whole pairs inside the range four at a time, one from each quarter of the range: four
     * sequential streams per thread, which keep the prefetchers busier than fewer. Rows of a pair
     * cut by the range, and the pairs left over, go one by one.
     */
    @Override
    public void matVecRows(float[] x, int xOff, float[] out, int outOff, int from, int to) {
        if (!VECTOR) {
            RowScratch.matVecByWidening(this, x, xOff, out, outOff, from, to);
            return;
        }
        float[] acc = new float[8 * F.length()];
        int firstPair = (from + PAIR - 1) / PAIR;
        int quarter = Math.max(0, to / PAIR - firstPair) / 4;
        for (int pair = firstPair; pair < firstPair + quarter; pair++) {
            dot8(pair, quarter, x, xOff, acc);
            for (int m = 0; m < 4; m++) {
                for (int k = 0; k < PAIR; k++) {
                    out[outOff + (pair + m * quarter) * PAIR + k] = acc[m * PAIR + k];
                }
            }
        }
        int steppedFrom = firstPair * PAIR;
        int steppedTo = steppedFrom + 4 * quarter * PAIR;
        for (int r = from; r < to; r++) {
            if (r < steppedFrom || r >= steppedTo) {
                out[outOff + r] = dot1(r, x, xOff, acc);
            }
        }
    }

    private float dot1(int row, float[] x, int xOff, float[] acc) {
        int blocks = cols / BLOCK;
        FloatVector a = FloatVector.zero(F);
        for (int b = 0; b < blocks; b++) {
            long o = pairBlock(row / PAIR, b, blocks);
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
     * Pairs {@code pair} + k·{@code apart} for k in 0..3: eight rows, eight accumulators, four
     * streams. Results in acc[0..8), rows in order. The weights are widened inline, not by a helper:
     * this method passes C2's inlining budget, and a helper left out of line returns its vector
     * boxed (see {@link CanonicalDot}). The loop counts blocks in an int, with the byte offsets
     * derived from it, rather than stepping a long offset: measured 10-30% faster on this layout.
     */
    private void dot8(int pair, int apart, float[] x, int xOff, float[] acc) {
        // Written out for pairs: rows 0 and 1 of each pair, at +0 and +BLOCK, their scales after.
        int blocks = cols / BLOCK;
        long start = pairBlock(pair, 0, blocks);
        long other = (long) apart * blocks * PAIR_BLOCK_BYTES;
        MemorySegment d = data;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int b = 0; b < blocks; b++) {
            long o0 = start + (long) b * PAIR_BLOCK_BYTES;
            long o1 = o0 + other;
            long o2 = o1 + other;
            long o3 = o2 + other;
            int xi = xOff + b * BLOCK;
            FloatVector s0 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o0 + SCALES));
            FloatVector s1 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o0 + SCALES + Float.BYTES));
            FloatVector s2 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o1 + SCALES));
            FloatVector s3 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o1 + SCALES + Float.BYTES));
            FloatVector s4 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o2 + SCALES));
            FloatVector s5 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o2 + SCALES + Float.BYTES));
            FloatVector s6 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o3 + SCALES));
            FloatVector s7 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o3 + SCALES + Float.BYTES));
            for (int j = 0; j < BLOCK; j += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xi + j);
                a0 = ((FloatVector) ByteVector.fromMemorySegment(B, d, o0 + j, Layouts.ORDER).castShape(F, 0)).mul(s0).fma(v, a0);
                a1 = ((FloatVector) ByteVector.fromMemorySegment(B, d, o0 + BLOCK + j, Layouts.ORDER).castShape(F, 0)).mul(s1).fma(v, a1);
                a2 = ((FloatVector) ByteVector.fromMemorySegment(B, d, o1 + j, Layouts.ORDER).castShape(F, 0)).mul(s2).fma(v, a2);
                a3 = ((FloatVector) ByteVector.fromMemorySegment(B, d, o1 + BLOCK + j, Layouts.ORDER).castShape(F, 0)).mul(s3).fma(v, a3);
                a4 = ((FloatVector) ByteVector.fromMemorySegment(B, d, o2 + j, Layouts.ORDER).castShape(F, 0)).mul(s4).fma(v, a4);
                a5 = ((FloatVector) ByteVector.fromMemorySegment(B, d, o2 + BLOCK + j, Layouts.ORDER).castShape(F, 0)).mul(s5).fma(v, a5);
                a6 = ((FloatVector) ByteVector.fromMemorySegment(B, d, o3 + j, Layouts.ORDER).castShape(F, 0)).mul(s6).fma(v, a6);
                a7 = ((FloatVector) ByteVector.fromMemorySegment(B, d, o3 + BLOCK + j, Layouts.ORDER).castShape(F, 0)).mul(s7).fma(v, a7);
            }
        }
        if (F.length() == 16) {
            // CanonicalDot.sumLanes's transposed steps for eight vectors, in registers: vector k
            // ends in lanes 2k and 2k+1. Measured: 4-8% on decode-sized matrices.
            FloatVector p0 = a0.blend(a4, HIGH_8).add(a4.blend(a0, HIGH_8).rearrange(SWAP_8));
            FloatVector p1 = a1.blend(a5, HIGH_8).add(a5.blend(a1, HIGH_8).rearrange(SWAP_8));
            FloatVector p2 = a2.blend(a6, HIGH_8).add(a6.blend(a2, HIGH_8).rearrange(SWAP_8));
            FloatVector p3 = a3.blend(a7, HIGH_8).add(a7.blend(a3, HIGH_8).rearrange(SWAP_8));
            FloatVector q0 = p0.blend(p2, HIGH_4).add(p2.blend(p0, HIGH_4).rearrange(SWAP_4));
            FloatVector q1 = p1.blend(p3, HIGH_4).add(p3.blend(p1, HIGH_4).rearrange(SWAP_4));
            FloatVector all = q0.blend(q1, HIGH_2).add(q1.blend(q0, HIGH_2).rearrange(SWAP_2));
            all = all.add(all.rearrange(SWAP_1));
            for (int k = 0; k < 8; k++) {
                acc[k] = all.lane(2 * k);
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
        CanonicalDot.sumLanes(acc, 8, acc, 0);
    }

    /** Widened and scaled exactly as dequantizeRow does. */
    private FloatVector weights(long quantsOff, FloatVector scale) {
        return ((FloatVector) ByteVector.fromMemorySegment(B, data, quantsOff, Layouts.ORDER).castShape(F, 0)).mul(scale);
    }

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        int blocks = cols / BLOCK;
        for (int b = 0; b < blocks; b++) {
            long o = pairBlock(row / PAIR, b, blocks);
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
