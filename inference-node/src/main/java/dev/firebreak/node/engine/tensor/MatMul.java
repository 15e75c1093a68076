package dev.firebreak.node.engine.tensor;

import jdk.incubator.vector.FloatVector;

import static dev.firebreak.node.engine.tensor.Kernels.F;
import static dev.firebreak.node.engine.tensor.Kernels.VECTOR;

/**
 * Multiplication by a weight matrix, split across the worker threads by output rows.
 * <ul>
 *   <li>{@link #matVec}: one activation vector (decode). Memory-bound: each weight is read once.</li>
 *   <li>{@link #matMul}: a batch of activation rows (prefill, batched decode). Compute-bound: a tile
 *   of {@value #TILE_ROWS} weight rows is widened to floats once into a per-thread buffer that stays
 *   in cache, then multiplied against every activation row, {@value #TILE_ROWS}×{@value #TILE_TOKENS}
 *   dot products at a time, each in its own register accumulator.</li>
 * </ul>
 * Both compute every dot product in the canonical order of {@link WeightMatrix}, so results do not
 * depend on the batch a row runs in.
 */
public final class MatMul {

    static final int TILE_ROWS = 4;
    static final int TILE_TOKENS = 4;
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
     * out[t·rows + r] = W[r] · x[t·cols ..] for t in [0, tokens): a batch of activation rows
     * (row-major, {@code cols} each) times the matrix.
     */
    public static void matMul(WeightMatrix w, float[] x, int tokens, float[] out) {
        if (tokens == 1) {
            matVec(w, x, 0, out, 0);
            return;
        }
        int rows = w.rows();
        int cols = w.cols();
        Parallel.forRange(rows, TILE_ROWS, MIN_PARALLEL_FMAS, (long) cols * tokens,
                (from, to) -> rowsTimesBatch(w, x, tokens, out, from, to));
    }

    private static void rowsTimesBatch(WeightMatrix w, float[] x, int tokens, float[] out, int from, int to) {
        int rows = w.rows();
        int cols = w.cols();
        float[] tile = RowScratch.get(TILE_ROWS * cols);
        int r = from;
        for (; r + TILE_ROWS <= to; r += TILE_ROWS) {
            for (int i = 0; i < TILE_ROWS; i++) {
                w.dequantizeRow(r + i, tile, i * cols);
            }
            int t = 0;
            if (VECTOR) {
                for (; t + TILE_TOKENS <= tokens; t += TILE_TOKENS) {
                    tile4x4(tile, cols, x, t, out, rows, r);
                }
            }
            for (; t < tokens; t++) {
                CanonicalDot.dot4(tile, 0, cols, x, t * cols, cols, out, t * rows + r, 1);
            }
        }
        for (; r < to; r++) {
            w.dequantizeRow(r, tile, 0);
            for (int t = 0; t < tokens; t++) {
                out[t * rows + r] = CanonicalDot.dot(tile, 0, x, t * cols, cols);
            }
        }
    }

    /** 16 dot products at once: weight rows r..r+3 (in the tile) times activation rows t..t+3. */
    private static void tile4x4(float[] tile, int cols, float[] x, int t, float[] out, int rows, int r) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F), a22 = FloatVector.zero(F), a23 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F), a31 = FloatVector.zero(F), a32 = FloatVector.zero(F), a33 = FloatVector.zero(F);
        int x0 = t * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        int w1 = cols, w2 = 2 * cols, w3 = 3 * cols;
        int c = 0;
        int step = F.length();
        for (; c + step <= cols; c += step) {
            FloatVector v0 = FloatVector.fromArray(F, x, x0 + c);
            FloatVector v1 = FloatVector.fromArray(F, x, x1 + c);
            FloatVector v2 = FloatVector.fromArray(F, x, x2 + c);
            FloatVector v3 = FloatVector.fromArray(F, x, x3 + c);
            FloatVector w = FloatVector.fromArray(F, tile, c);
            a00 = w.fma(v0, a00); a01 = w.fma(v1, a01); a02 = w.fma(v2, a02); a03 = w.fma(v3, a03);
            w = FloatVector.fromArray(F, tile, w1 + c);
            a10 = w.fma(v0, a10); a11 = w.fma(v1, a11); a12 = w.fma(v2, a12); a13 = w.fma(v3, a13);
            w = FloatVector.fromArray(F, tile, w2 + c);
            a20 = w.fma(v0, a20); a21 = w.fma(v1, a21); a22 = w.fma(v2, a22); a23 = w.fma(v3, a23);
            w = FloatVector.fromArray(F, tile, w3 + c);
            a30 = w.fma(v0, a30); a31 = w.fma(v1, a31); a32 = w.fma(v2, a32); a33 = w.fma(v3, a33);
        }
        float[][] sums = {
                {CanonicalDot.sumLanes(a00), CanonicalDot.sumLanes(a01), CanonicalDot.sumLanes(a02), CanonicalDot.sumLanes(a03)},
                {CanonicalDot.sumLanes(a10), CanonicalDot.sumLanes(a11), CanonicalDot.sumLanes(a12), CanonicalDot.sumLanes(a13)},
                {CanonicalDot.sumLanes(a20), CanonicalDot.sumLanes(a21), CanonicalDot.sumLanes(a22), CanonicalDot.sumLanes(a23)},
                {CanonicalDot.sumLanes(a30), CanonicalDot.sumLanes(a31), CanonicalDot.sumLanes(a32), CanonicalDot.sumLanes(a33)}};
        for (; c < cols; c++) {
            for (int i = 0; i < TILE_ROWS; i++) {
                float wv = tile[i * cols + c];
                for (int j = 0; j < TILE_TOKENS; j++) {
                    sums[i][j] += wv * x[(t + j) * cols + c];
                }
            }
        }
        for (int i = 0; i < TILE_ROWS; i++) {
            for (int j = 0; j < TILE_TOKENS; j++) {
                out[(t + j) * rows + r + i] = sums[i][j];
            }
        }
    }
}
