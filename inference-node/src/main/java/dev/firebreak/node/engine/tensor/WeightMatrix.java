package dev.firebreak.node.engine.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A weight matrix of {@code rows × cols}, each row {@code cols} weights stored as its
 * {@link WeightType} says, in off-heap memory: F32, F16 and Q4_0 are read in place, row-major
 * (from a mapped GGUF file or an arena); Q8_0 is repacked at load (see {@link Q8Matrix}).
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

    /** The bytes the kernels read. */
    MemorySegment data();

    /** The weights in GGML's layout, as a GGUF file stores them. */
    default MemorySegment ggml() {
        return data();
    }

    /**
     * out[outOff + r] = row r · x[xOff ..], for r in [from, to). Unless a type has a kernel of its
     * own, its rows are widened as {@link #dequantizeRow} does, four at a time, and multiplied in the
     * canonical order.
     */
    default void matVecRows(float[] x, int xOff, float[] out, int outOff, int from, int to) {
        RowScratch.matVecByWidening(this, x, xOff, out, outOff, from, to);
    }

    /** Writes row {@code row} as floats into {@code dst} at {@code dstOff}. */
    void dequantizeRow(int row, float[] dst, int dstOff);

    /** Bytes read to multiply by this matrix once. */
    default long bytes() {
        return data().byteSize();
    }

    /**
     * A matrix over {@code data}, which must hold exactly {@code rows × cols} weights of
     * {@code type} in GGML's layout. Q8_0 is repacked into {@code arena}; the other types are read
     * from {@code data} where it is.
     */
    static WeightMatrix of(WeightType type, int rows, int cols, MemorySegment data, Arena arena) {
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
            case Q8_0 -> Q8Matrix.repack(rows, cols, data, arena);
            case Q4_0 -> new Q4Matrix(rows, cols, data);
        };
    }

    /** Bytes a {@code rows × cols} matrix of {@code type} takes once loaded, which its kernels read: Q8_0 repacked. */
    static long loadedBytes(WeightType type, int rows, int cols) {
        return type == WeightType.Q8_0 ? Q8Matrix.bytesFor(rows, cols) : type.bytesFor((long) rows * cols);
    }

    /** {@code values} (rows × cols, row-major) quantized to {@code type}, in memory of {@code arena}. */
    static WeightMatrix quantize(WeightType type, int rows, int cols, float[] values, Arena arena) {
        if (type == WeightType.Q8_0) {
            try (Arena encoded = Arena.ofConfined()) {
                return of(type, rows, cols, Quantizer.encode(type, values, encoded), arena);
            }
        }
        return of(type, rows, cols, Quantizer.encode(type, values, arena), arena);
    }
}
