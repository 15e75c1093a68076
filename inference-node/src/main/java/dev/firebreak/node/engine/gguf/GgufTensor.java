package dev.firebreak.node.engine.gguf;

import dev.firebreak.node.engine.tensor.WeightMatrix;
import dev.firebreak.node.engine.tensor.WeightType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One tensor of a GGUF file, its data a slice of the mapped file (nothing copied).
 *
 * @param dims GGML order: {@code dims[0]} is the innermost, contiguous dimension
 */
public record GgufTensor(String name, WeightType type, long[] dims, MemorySegment data) {

    public long elements() {
        return Arrays.stream(dims).reduce(1, Math::multiplyExact);
    }

    /** The tensor as a weight matrix: rows = dims[1], cols = dims[0]; Q8_0 is repacked into {@code arena}. */
    public WeightMatrix asMatrix(Arena arena) {
        if (dims.length != 2) {
            throw new IllegalArgumentException(name + " has " + dims.length + " dimensions; a matrix has 2");
        }
        if (dims[0] > Integer.MAX_VALUE || dims[1] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dimensions " + Arrays.toString(dims) + " are too large for a matrix");
        }
        return WeightMatrix.of(type, (int) dims[1], (int) dims[0], data, arena);
    }

    /** The tensor as floats on the heap (for small vectors such as norm weights). */
    public float[] toFloats() {
        int n = Math.toIntExact(elements());
        float[] out = new float[n];
        try (Arena arena = Arena.ofConfined()) {
            WeightMatrix.of(type, 1, n, data, arena).dequantizeRow(0, out, 0);
        }
        return out;
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dims);
    }
}
