package dev.firebreak.node.engine.tensor;

/** How a weight matrix stores its numbers: plain floats, half floats, or 32-weight quantized blocks. */
public enum WeightType {
    F32(1, 4),
    F16(1, 2),
    /** Blocks of 32: an fp16 scale and 32 signed bytes. */
    Q8_0(32, 34),
    /** Blocks of 32: an fp16 scale and 16 bytes of 4-bit values offset by 8. */
    Q4_0(32, 18);

    private final int blockSize;
    private final int bytesPerBlock;

    WeightType(int blockSize, int bytesPerBlock) {
        this.blockSize = blockSize;
        this.bytesPerBlock = bytesPerBlock;
    }

    public int blockSize() {
        return blockSize;
    }

    public int bytesPerBlock() {
        return bytesPerBlock;
    }

    /** Bytes that {@code elements} weights take; {@code elements} must be a whole number of blocks. */
    public long bytesFor(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(name() + " stores whole blocks of " + blockSize
                    + " weights; " + elements + " is not a multiple");
        }
        return elements / blockSize * bytesPerBlock;
    }
}
