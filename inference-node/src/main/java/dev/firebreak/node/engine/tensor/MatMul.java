package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static dev.firebreak.node.engine.tensor.CanonicalDot.HIGH_1;
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
 * Multiplication by a weight matrix, split across the worker threads by output rows.
 * <ul>
 *   <li>{@link #matVec}: one activation vector (decode). Memory-bound: each weight is read once.</li>
 *   <li>{@link #matMul}: a batch of activation rows (prefill, batched decode). Compute-bound: the
 *   activations are first packed so that {@value #TILE_TOKENS} rows read as one sequential stream
 *   (see {@link PackedTokens}); then a tile of {@value #TILE_ROWS} weight rows is widened to floats
 *   once into a per-thread buffer that stays in cache and multiplied against every packed group,
 *   {@value #TILE_ROWS}×{@value #TILE_TOKENS} dot products at a time, each in its own register
 *   accumulator.</li>
 * </ul>
 * Both compute every dot product in the canonical order of {@link WeightMatrix}, so results do not
 * depend on the batch a row runs in.
 */
public final class MatMul {

    static final int TILE_ROWS = 4;
    static final int TILE_TOKENS = PackedTokens.GROUP;
    /** A quarter of a 16-lane float vector: one token's four rows of a finished tile. */
    private static final VectorSpecies<Float> QUARTER = FloatVector.SPECIES_128;
    /** Matrix-matrix pieces per thread, claimed as threads come free. */
    private static final int PIECES_PER_THREAD = 4;
    /** Below this many multiply-adds a call stays on the calling thread. */
    private static final long MIN_PARALLEL_FMAS = 64 * 1024;

    private MatMul() {
    }

    /** out[outOff + r] = W[r] · x[xOff ..], for every row r of W. */
    public static void matVec(WeightMatrix w, float[] x, int xOff, float[] out, int outOff) {
        Parallel.forRange(w.rows(), 1, MIN_PARALLEL_FMAS, w.cols(),
                (from, to) -> w.matVecRows(x, xOff, out, outOff, from, to));
    }

    /**
     * {@code outs[i] = ws[i] · x} for several matrices with the same input (q/k/v, gate/up), like
     * {@link #matMul} each, but with the rows of all of them split in a single dispatch: each
     * dispatch is a sync point (decode is a few dozen short kernels per token), and a batch is
     * packed once for all of them.
     */
    public static void matMulAll(WeightMatrix[] ws, float[] x, int tokens, float[][] outs) {
        int total = 0;
        for (WeightMatrix w : ws) {
            if (w.cols() != ws[0].cols()) {
                throw new IllegalArgumentException("matrices of one input need the same columns; got "
                        + ws[0].cols() + " and " + w.cols());
            }
            total += w.rows();
        }
        long cost = (long) ws[0].cols() * tokens;
        if (tokens == 1) {
            Parallel.forRange(total, 1, MIN_PARALLEL_FMAS, cost, (from, to) -> {
                for (int i = 0, start = 0; i < ws.length; start += ws[i].rows(), i++) {
                    int lo = Math.max(from, start) - start;
                    int hi = Math.min(to, start + ws[i].rows()) - start;
                    if (lo < hi) {
                        ws[i].matVecRows(x, 0, outs[i], 0, lo, hi);
                    }
                }
            });
            return;
        }
        PackedTokens packed = PackedTokens.of(x, tokens, ws[0].cols());
        Parallel.forRange(total, TILE_ROWS, MIN_PARALLEL_FMAS, cost, PIECES_PER_THREAD, (from, to) -> {
            for (int i = 0, start = 0; i < ws.length; start += ws[i].rows(), i++) {
                int lo = Math.max(from, start) - start;
                int hi = Math.min(to, start + ws[i].rows()) - start;
                if (lo < hi) {
                    rowsTimesBatch(ws[i], packed, outs[i], lo, hi);
                }
            }
        });
    }

    /**
     * out[t·rows + r] = W[r] · x[t·cols ..] for t in [0, tokens): a batch of activation rows
     * (row-major, {@code cols} each) times the matrix.
     */
    public static void matMul(WeightMatrix w, float[] x, int tokens, float[] out) {
        if (tokens == 1) {
            matVec(w, x, 0, out, 0);
            return;
        }
        PackedTokens packed = PackedTokens.of(x, tokens, w.cols());
        // Compute-bound, so in several pieces a thread: a core slowed by its neighbours takes fewer.
        Parallel.forRange(w.rows(), TILE_ROWS, MIN_PARALLEL_FMAS, (long) w.cols() * tokens, PIECES_PER_THREAD,
                (from, to) -> rowsTimesBatch(w, packed, out, from, to));
    }

    private static void rowsTimesBatch(WeightMatrix w, PackedTokens x, float[] out, int from, int to) {
        int cols = w.cols();
        // Padded rows: rows exactly 4 KiB apart would all fall in the same L1 cache sets.
        int stride = cols + F.length();
        float[] tile = RowScratch.get(TILE_ROWS * stride);
        float[] acc = new float[TILE_ROWS * TILE_TOKENS * F.length()];
        float[] sums = new float[TILE_ROWS * TILE_TOKENS];
        int r = from;
        for (; r + TILE_ROWS <= to; r += TILE_ROWS) {
            for (int i = 0; i < TILE_ROWS; i++) {
                w.dequantizeRow(r + i, tile, i * stride);
            }
            for (int g = 0; g < x.groups(); g++) {
                tile4x4(tile, stride, x, g, out, w.rows(), r, acc, sums);
            }
            for (int t = x.groups() * TILE_TOKENS; t < x.tokens(); t++) {
                for (int i = 0; i < TILE_ROWS; i++) {
                    out[t * w.rows() + r + i] = CanonicalDot.dot(tile, i * stride, x.rows(), t * cols, cols, acc);
                }
            }
        }
        for (; r < to; r++) {
            w.dequantizeRow(r, tile, 0);
            for (int t = 0; t < x.tokens(); t++) {
                out[t * w.rows() + r] = CanonicalDot.dot(tile, 0, x.rows(), t * cols, cols, acc);
            }
        }
    }

    /**
     * 16 dot products at once: weight rows r..r+3 (in the tile) times the tokens of packed group g.
     * The accumulators leave through {@code acc} (see {@link CanonicalDot}); {@code sums} is scratch.
     */
    private static void tile4x4(float[] tile, int stride, PackedTokens x, int g, float[] out, int rows, int r,
                                float[] acc, float[] sums) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        float[] p = x.packed();
        int lanes = F.length();
        int end = x.vectorEnd();
        int base = x.groupOffset(g);
        for (int c = 0; c < end; c += lanes) {
            int o = base + TILE_TOKENS * c;
            FloatVector v0 = FloatVector.fromArray(F, p, o);
            FloatVector v1 = FloatVector.fromArray(F, p, o + lanes);
            FloatVector v2 = FloatVector.fromArray(F, p, o + 2 * lanes);
            FloatVector v3 = FloatVector.fromArray(F, p, o + 3 * lanes);
            FloatVector w = FloatVector.fromArray(F, tile, c);
            a00 = w.fma(v0, a00); a01 = w.fma(v1, a01); a02 = w.fma(v2, a02); a03 = w.fma(v3, a03);
            w = FloatVector.fromArray(F, tile, stride + c);
            a10 = w.fma(v0, a10); a11 = w.fma(v1, a11); a12 = w.fma(v2, a12); a13 = w.fma(v3, a13);
            w = FloatVector.fromArray(F, tile, 2 * stride + c);
            a20 = w.fma(v0, a20); a21 = w.fma(v1, a21); a22 = w.fma(v2, a22); a23 = w.fma(v3, a23);
            w = FloatVector.fromArray(F, tile, 3 * stride + c);
            a30 = w.fma(v0, a30); a31 = w.fma(v1, a31); a32 = w.fma(v2, a32); a33 = w.fma(v3, a33);
        }
        int t = g * TILE_TOKENS;
        if (lanes == 16 && end == x.cols()) {
            // The 16 lane sums transposed in registers, as CanonicalDot.sumLanes does through memory.
            // Accumulator a_ij (row i, token j) is vector 4j + i here: each step pairs vectors k and
            // k + half, so two0 holds the partial sums of a00 and a02 (vectors 0 and 8), four0 those
            // of vectors 0, 4, 8, 12, and so on; vector 4j + i ends in lane 4j + i, so each token's
            // four rows are four adjacent lanes, stored as one 128-bit piece. Only Vector API calls
            // here: C2 inlines them past its node budget, where it would leave a helper of ours out
            // of line and box its vectors.
            FloatVector two0 = a00.blend(a02, HIGH_8).add(a02.blend(a00, HIGH_8).rearrange(SWAP_8));
            FloatVector two1 = a10.blend(a12, HIGH_8).add(a12.blend(a10, HIGH_8).rearrange(SWAP_8));
            FloatVector two2 = a20.blend(a22, HIGH_8).add(a22.blend(a20, HIGH_8).rearrange(SWAP_8));
            FloatVector two3 = a30.blend(a32, HIGH_8).add(a32.blend(a30, HIGH_8).rearrange(SWAP_8));
            FloatVector two4 = a01.blend(a03, HIGH_8).add(a03.blend(a01, HIGH_8).rearrange(SWAP_8));
            FloatVector two5 = a11.blend(a13, HIGH_8).add(a13.blend(a11, HIGH_8).rearrange(SWAP_8));
            FloatVector two6 = a21.blend(a23, HIGH_8).add(a23.blend(a21, HIGH_8).rearrange(SWAP_8));
            FloatVector two7 = a31.blend(a33, HIGH_8).add(a33.blend(a31, HIGH_8).rearrange(SWAP_8));
            FloatVector four0 = two0.blend(two4, HIGH_4).add(two4.blend(two0, HIGH_4).rearrange(SWAP_4));
            FloatVector four1 = two1.blend(two5, HIGH_4).add(two5.blend(two1, HIGH_4).rearrange(SWAP_4));
            FloatVector four2 = two2.blend(two6, HIGH_4).add(two6.blend(two2, HIGH_4).rearrange(SWAP_4));
            FloatVector four3 = two3.blend(two7, HIGH_4).add(two7.blend(two3, HIGH_4).rearrange(SWAP_4));
            FloatVector eight0 = four0.blend(four2, HIGH_2).add(four2.blend(four0, HIGH_2).rearrange(SWAP_2));
            FloatVector eight1 = four1.blend(four3, HIGH_2).add(four3.blend(four1, HIGH_2).rearrange(SWAP_2));
            FloatVector all = eight0.blend(eight1, HIGH_1).add(eight1.blend(eight0, HIGH_1).rearrange(SWAP_1));
            // Constant part numbers: C2 compiles reinterpretShape to one extract only for a constant part.
            ((FloatVector) all.reinterpretShape(QUARTER, 0)).intoArray(out, t * rows + r);
            ((FloatVector) all.reinterpretShape(QUARTER, 1)).intoArray(out, (t + 1) * rows + r);
            ((FloatVector) all.reinterpretShape(QUARTER, 2)).intoArray(out, (t + 2) * rows + r);
            ((FloatVector) all.reinterpretShape(QUARTER, 3)).intoArray(out, (t + 3) * rows + r);
            return;
        }
        // Elsewhere (8 lanes, or a scalar tail to add) through memory, vector 4i + j.
        int l = lanes;
        a00.intoArray(acc, 0); a01.intoArray(acc, l); a02.intoArray(acc, 2 * l); a03.intoArray(acc, 3 * l);
        a10.intoArray(acc, 4 * l); a11.intoArray(acc, 5 * l); a12.intoArray(acc, 6 * l); a13.intoArray(acc, 7 * l);
        a20.intoArray(acc, 8 * l); a21.intoArray(acc, 9 * l); a22.intoArray(acc, 10 * l); a23.intoArray(acc, 11 * l);
        a30.intoArray(acc, 12 * l); a31.intoArray(acc, 13 * l); a32.intoArray(acc, 14 * l); a33.intoArray(acc, 15 * l);
        CanonicalDot.sumLanes(acc, TILE_ROWS * TILE_TOKENS, sums, 0);
        finish(sums, tile, stride, x, t, out, rows, r);
    }

    /** Adds the scalar tail of each of the tile's dot products in order, then stores them. */
    private static void finish(float[] sums, float[] tile, int stride, PackedTokens x, int t, float[] out, int rows, int r) {
        int cols = x.cols();
        float[] rowsX = x.rows();
        for (int c = x.vectorEnd(); c < cols; c++) {
            for (int i = 0; i < TILE_ROWS; i++) {
                float wv = tile[i * stride + c];
                for (int j = 0; j < TILE_TOKENS; j++) {
                    sums[i * TILE_TOKENS + j] += wv * rowsX[(t + j) * cols + c];
                }
            }
        }
        for (int i = 0; i < TILE_ROWS; i++) {
            for (int j = 0; j < TILE_TOKENS; j++) {
                out[(t + j) * rows + r + i] = sums[i * TILE_TOKENS + j];
            }
        }
    }
}
