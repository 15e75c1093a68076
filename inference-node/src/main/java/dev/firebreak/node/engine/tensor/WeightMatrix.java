package dev.firebreak.node.engine.tensor;

import java.lang.foreign.MemorySegment;

/**
 * A weight matrix of {@code rows × cols}, row-major, each row {@code cols} weights stored as its
 * {@link WeightType} says, read straight from off-heap memory (a mapped GGUF file or an arena).
 *
 * <p>Every kernel computes each dot product in one canonical order: weights widened to floats
 * exactly as {@link #dequantizeRow} does, one vector accumulator stepping through the columns,
 * a lane reduction, then the scalar tail. So a row times a vector gives bit-identical results
 * whether it runs alone or inside a batch: continuous batching does not change what a request gets.
 * Independent accumulators come from working on several rows (and tokens) at once.
 */
public sealed interface WeightMatrix permits F32Matrix, F16Matrix, Q8Matrix, Q4Matrix {

    int rows();

    int cols();

    WeightType type();

    /** The bytes behind the matrix. */
    MemorySegment data();

    /** out[outOff + r] = row r · x[xOff ..], for r in [from, to). */
    void matVecRows(float[] x, int xOff, float[] out, int outOff, int from, int to);

    /** Writes row {@code row} as floats into {@code dst} at {@code dstOff}. */
    void dequantizeRow(int row, float[] dst, int dstOff);

    /** Bytes read to multiply by this matrix once. */
    default long bytes() {
        return data().byteSize();
    }

    /** A matrix over {@code data}, which must hold exactly {@code rows × cols} weights of {@code type}. */
    static WeightMatrix of(WeightType type, int rows, int cols, MemorySegment data) {
        if (cols % type.blockSize() != 0) {
            throw new IllegalArgumentException(type + " rows must be whole blocks of " + type.blockSize()
                    + " weights; got " + cols + " columns");
        }
        long expected = type.bytesFor((long) rows * cols);
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException(rows + "x" + cols + " " + type + " needs " + expected
                    + " bytes; got " + data.byteSize());
        }
        return switch (type) {
            case F32 -> new F32Matrix(rows, cols, data);
            case F16 -> new F16Matrix(rows, cols, data);
            case Q8_0 -> new Q8Matrix(rows, cols, data);
            case Q4_0 -> new Q4Matrix(rows, cols, data);
        };
    }
}
