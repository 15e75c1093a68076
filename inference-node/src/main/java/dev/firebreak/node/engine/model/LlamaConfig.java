package dev.firebreak.node.engine.model;

/**
 * The shape of a Llama-architecture model: RMSNorm, RoPE, grouped-query attention, SwiGLU MLP.
 *
 * @param kvHeads key/value heads; {@code heads} must be a multiple (grouped-query attention)
 * @param ropeTheta RoPE base frequency (10000 for Llama 2, 500000 for Llama 3)
 * @param tiedEmbeddings whether the output projection reuses the token embedding matrix
 */
public record LlamaConfig(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize,
                          int contextLength, float rmsEpsilon, float ropeTheta, boolean tiedEmbeddings) {

    public LlamaConfig {
        requirePositive("dim", dim);
        requirePositive("hiddenDim", hiddenDim);
        requirePositive("layers", layers);
        requirePositive("heads", heads);
        requirePositive("kvHeads", kvHeads);
        requirePositive("vocabSize", vocabSize);
        requirePositive("contextLength", contextLength);
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads " + heads + " is not a multiple of kvHeads " + kvHeads);
        }
        if ((dim / heads) % 2 != 0) {
            throw new IllegalArgumentException("head size " + dim / heads + " must be even for RoPE");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public int headDim() {
        return dim / heads;
    }

    /** Width of the keys (and values) of one position in one layer. */
    public int kvDim() {
        return kvHeads * headDim();
    }

    /** Weights in the model, embeddings included once when tied. */
    public long parameters() {
        long perLayer = 2L * dim + (long) dim * dim * 2 + 2L * dim * kvDim() + 3L * dim * hiddenDim;
        return (long) vocabSize * dim * (tiedEmbeddings ? 1 : 2) + layers * perLayer + dim;
    }

    /** Bytes of KV cache one position takes across all layers (K and V, as floats). */
    public long kvBytesPerToken() {
        return 2L * layers * kvDim() * Float.BYTES;
    }
}
