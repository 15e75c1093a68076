package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
import static jdk.incubator.vector.VectorOperators.AND;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;

/**
 * A matrix of GGML's Q8_0 weights (blocks of 32 signed bytes, each block with one scale),
 * repacked when it is loaded into the layout the matrix-vector kernel reads fastest.
 *
 * <p>Rows go in pairs (an odd last row is paired with zeros). A pair stores its rows block by
 * block: the two rows' 32 bytes, then their two scales as fp32, 72 bytes for 64 weights against
 * GGML's 68. So a scale is one broadcast load instead of an fp16 widening of four instructions,
 * and two rows share one address. Each fp32 scale is the fp16 one times 2^-24, exactly (see
 * below), so the weights, and every result, are those of the GGML layout.
 *
 * <p>The 64 bytes are interleaved for widening in place. With L-float vectors, each int vector of
 * a pair's block (4L bytes) covers 2L columns from j: its 32-bit lane i holds row A's weights
 * j+i and j+L+i, then row B's j+i and j+L+i. A weight is widened where it is: shifted to the top of
 * its lane, the bits below it masked off, and converted to float, which gives the signed weight
 * times 2^24 exactly; times the stored scale (the fp16 scale times 2^-24) that is exactly the
 * weight times its scale, as a float holds any 8-bit times 11-bit product. The top byte needs only
 * the mask and the lowest only the shift: with 16-float vectors three shifts and three masks widen
 * 64 weights, where shifting left then arithmetically right by 24 takes seven shifts, and GGML's
 * order four cross-lane byte-to-int widenings, which the vector units run one at a time.
 * Lane i then holds the weights the canonical order (see {@link WeightMatrix}) adds in lane i, so
 * results are unchanged.
 *
 * <p>Pairs, not larger groups: read from memory, the number of sequential streams per thread
 * matters more than instructions, and the kernel reads four pairs from four places at once. What
 * this layout gained over GGML's, and the alternatives tried, are measured in
 * {@code docs/benchmarks/engine.md} ("Q8_0 is repacked at load", "Q8Matrix's layout, measured").
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
    static final int SCALES = PAIR * BLOCK;
    /**
     * Floats per vector, which the interleaving of a pair's bytes follows; at most 16 (a 64-byte
     * block of a pair holds four vectors' worth of 16 bytes), which every x86 JVM has. Wider
     * vectors, which no x86 JVM has, take the scalar path.
     */
    static final int L = Math.min(F.length(), 16);
    /** Whether the vector kernels run: wide enough vectors, and no wider than the interleaving. */
    private static final boolean WIDEN_IN_PLACE = VECTOR && F.length() <= 16;
    /** Columns of a row that one int vector of a pair's block widens into: two float vectors. */
    private static final int STEP = 2 * L;
    /** Ints as wide as the float vectors: four bytes of weights per lane. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

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
                data.set(Layouts.FLOAT, to + scaleOffset(r), Float.float16ToFloat(ggml.get(Layouts.SHORT, from)) * TOP);
                for (int k = 0; k < BLOCK; k++) {
                    data.set(ValueLayout.JAVA_BYTE, to + quantOffset(r, k), ggml.get(ValueLayout.JAVA_BYTE, from + 2 + k));
                }
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
                out.set(Layouts.SHORT, to, Float.floatToFloat16(data.get(Layouts.FLOAT, from + scaleOffset(r)) / TOP));
                for (int k = 0; k < BLOCK; k++) {
                    out.set(ValueLayout.JAVA_BYTE, to + 2 + k, data.get(ValueLayout.JAVA_BYTE, from + quantOffset(r, k)));
                }
            }
        }
        return out;
    }

    private static long pairBlock(int pair, int block, int blocks) {
        return ((long) pair * blocks + block) * PAIR_BLOCK_BYTES;
    }

    /** Where weight k of a block of {@code row} is in its pair's block (see the interleaving above). */
    private static int quantOffset(int row, int k) {
        return k / STEP * 4 * L + 4 * (k % L) + 2 * (row % PAIR) + k / L % 2;
    }

    /** The left shift that brings a row's weight j+i (j a multiple of STEP) to the top of lane i. */
    private static int lowShift(int row) {
        return 24 - 8 * quantOffset(row, 0);
    }

    /**
     * Lane i's byte at bit {@code 24 - shift}, brought to the top of the lane with the bits below
     * it cleared, as a float: the weight times 2^24, exactly (see {@link #TOP}).
     */
    private static FloatVector widen(IntVector v, int shift) {
        return (FloatVector) v.lanewise(LSHL, shift).lanewise(AND, TOP_BYTE).convert(I2F, 0);
    }

    /** A weight at the top of its 32-bit lane, the bits below it cleared. */
    static final int TOP_BYTE = 0xFF000000;
    /**
     * What the stored scales are multiplied by: a weight at the top of its lane converts to the
     * weight times 2^24. Exact both ways: fp16 scales are at least 2^-24, so times 2^-24 they stay
     * normal floats.
     */
    private static final float TOP = 0x1p-24f;

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
        if (!WIDEN_IN_PLACE) {
            WeightMatrix.super.matVecRows(x, xOff, out, outOff, from, to);
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
        int low = lowShift(row);
        FloatVector a = FloatVector.zero(F);
        for (int b = 0; b < blocks; b++) {
            long o = pairBlock(row / PAIR, b, blocks);
            FloatVector scale = FloatVector.broadcast(F, data.get(Layouts.FLOAT, o + scaleOffset(row)));
            int xi = xOff + b * BLOCK;
            for (int j = 0; j < BLOCK; j += STEP) {
                IntVector v = IntVector.fromMemorySegment(I, data, o + 2 * j, Layouts.ORDER);
                a = widen(v, low).mul(scale).fma(FloatVector.fromArray(F, x, xi + j), a);
                a = widen(v, low - 8).mul(scale).fma(FloatVector.fromArray(F, x, xi + j + L), a);
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
     * boxed (see {@link CanonicalDot}). The loop counts groups of STEP columns in an int, with
     * the byte offsets derived from it, and has no inner loop over a block's groups: both
     * measured faster (docs/benchmarks/engine.md). Each int vector gives, in order, row A's
     * columns j and j+L, then row B's: shifts of 24, 16, 8 and 0.
     */
    private void dot8(int pair, int apart, float[] x, int xOff, float[] acc) {
        // Written out for pairs: rows 0 and 1 of each pair interleaved, their scales after.
        int blocks = cols / BLOCK;
        long start = pairBlock(pair, 0, blocks);
        long other = (long) apart * blocks * PAIR_BLOCK_BYTES;
        MemorySegment d = data;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        int groups = cols / STEP;
        for (int g = 0; g < groups; g++) {
            int b = g / (BLOCK / STEP);
            int j = g % (BLOCK / STEP) * STEP;
            long o0 = start + (long) b * PAIR_BLOCK_BYTES;
            long o1 = o0 + other;
            long o2 = o1 + other;
            long o3 = o2 + other;
            int xi = xOff + g * STEP;
            FloatVector s0 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o0 + SCALES));
            FloatVector s1 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o0 + SCALES + Float.BYTES));
            FloatVector s2 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o1 + SCALES));
            FloatVector s3 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o1 + SCALES + Float.BYTES));
            FloatVector s4 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o2 + SCALES));
            FloatVector s5 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o2 + SCALES + Float.BYTES));
            FloatVector s6 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o3 + SCALES));
            FloatVector s7 = FloatVector.broadcast(F, d.get(Layouts.FLOAT, o3 + SCALES + Float.BYTES));
            FloatVector lo = FloatVector.fromArray(F, x, xi);
            FloatVector hi = FloatVector.fromArray(F, x, xi + L);
            IntVector v = IntVector.fromMemorySegment(I, d, o0 + 2 * j, Layouts.ORDER);
            a0 = ((FloatVector) v.lanewise(LSHL, 24).convert(I2F, 0)).mul(s0).fma(lo, a0);
            a0 = ((FloatVector) v.lanewise(LSHL, 16).lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(s0).fma(hi, a0);
            a1 = ((FloatVector) v.lanewise(LSHL, 8).lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(s1).fma(lo, a1);
            a1 = ((FloatVector) v.lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(s1).fma(hi, a1);
            v = IntVector.fromMemorySegment(I, d, o1 + 2 * j, Layouts.ORDER);
            a2 = ((FloatVector) v.lanewise(LSHL, 24).convert(I2F, 0)).mul(s2).fma(lo, a2);
            a2 = ((FloatVector) v.lanewise(LSHL, 16).lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(s2).fma(hi, a2);
            a3 = ((FloatVector) v.lanewise(LSHL, 8).lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(s3).fma(lo, a3);
            a3 = ((FloatVector) v.lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(s3).fma(hi, a3);
            v = IntVector.fromMemorySegment(I, d, o2 + 2 * j, Layouts.ORDER);
            a4 = ((FloatVector) v.lanewise(LSHL, 24).convert(I2F, 0)).mul(s4).fma(lo, a4);
            a4 = ((FloatVector) v.lanewise(LSHL, 16).lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(s4).fma(hi, a4);
            a5 = ((FloatVector) v.lanewise(LSHL, 8).lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(s5).fma(lo, a5);
            a5 = ((FloatVector) v.lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(s5).fma(hi, a5);
            v = IntVector.fromMemorySegment(I, d, o3 + 2 * j, Layouts.ORDER);
            a6 = ((FloatVector) v.lanewise(LSHL, 24).convert(I2F, 0)).mul(s6).fma(lo, a6);
            a6 = ((FloatVector) v.lanewise(LSHL, 16).lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(s6).fma(hi, a6);
            a7 = ((FloatVector) v.lanewise(LSHL, 8).lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(s7).fma(lo, a7);
            a7 = ((FloatVector) v.lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(s7).fma(hi, a7);
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

    @Override
    public void dequantizeRow(int row, float[] dst, int dstOff) {
        int blocks = cols / BLOCK;
        int low = lowShift(row);
        for (int b = 0; b < blocks; b++) {
            long o = pairBlock(row / PAIR, b, blocks);
            float s = data.get(Layouts.FLOAT, o + scaleOffset(row));
            int d = dstOff + b * BLOCK;
            if (WIDEN_IN_PLACE) {
                FloatVector scale = FloatVector.broadcast(F, s);
                for (int j = 0; j < BLOCK; j += STEP) {
                    IntVector v = IntVector.fromMemorySegment(I, data, o + 2 * j, Layouts.ORDER);
                    widen(v, low).mul(scale).intoArray(dst, d + j);
                    widen(v, low - 8).mul(scale).intoArray(dst, d + j + L);
                }
            } else {
                for (int k = 0; k < BLOCK; k++) {
                    dst[d + k] = (float) (data.get(ValueLayout.JAVA_BYTE, o + quantOffset(row, k)) << 24) * s;
                }
            }
        }
    }
}
