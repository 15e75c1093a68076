package dev.firebreak.node.engine.model;

import dev.firebreak.node.engine.tensor.WeightMatrix;

import java.util.List;

/**
 * The weights of a Llama model. Matrices are {@code out × in}; norms are float vectors.
 *
 * @param output the output projection ({@code vocab × dim}); the token embedding itself when tied
 */
public record LlamaWeights(WeightMatrix tokenEmbedding, List<Layer> layers, float[] outputNorm, WeightMatrix output) {

    /** One transformer block. {@code gate} and {@code up} feed SwiGLU, {@code down} projects back. */
    public record Layer(float[] attentionNorm, WeightMatrix wq, WeightMatrix wk, WeightMatrix wv, WeightMatrix wo,
                        float[] ffnNorm, WeightMatrix gate, WeightMatrix down, WeightMatrix up) {
    }

    public LlamaWeights {
        layers = List.copyOf(layers);
    }

    /** Bytes read from weight matrices to produce one token (the embedding row aside). */
    public long bytesPerToken() {
        long bytes = output.bytes();
        for (Layer layer : layers) {
            bytes += layer.wq().bytes() + layer.wk().bytes() + layer.wv().bytes() + layer.wo().bytes()
                    + layer.gate().bytes() + layer.down().bytes() + layer.up().bytes();
        }
        return bytes;
    }

    /** Checks every matrix against {@code config}, naming the first that does not fit. */
    public void validate(LlamaConfig config) {
        expect("token_embd", tokenEmbedding, config.vocabSize(), config.dim());
        expect("output", output, config.vocabSize(), config.dim());
        if (layers.size() != config.layers()) {
            throw new IllegalArgumentException("expected " + config.layers() + " layers, got " + layers.size());
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String p = "blk." + i + ".";
            expect(p + "attn_q", l.wq(), config.dim(), config.dim());
            expect(p + "attn_k", l.wk(), config.kvDim(), config.dim());
            expect(p + "attn_v", l.wv(), config.kvDim(), config.dim());
            expect(p + "attn_output", l.wo(), config.dim(), config.dim());
            expect(p + "ffn_gate", l.gate(), config.hiddenDim(), config.dim());
            expect(p + "ffn_down", l.down(), config.dim(), config.hiddenDim());
            expect(p + "ffn_up", l.up(), config.hiddenDim(), config.dim());
            if (l.attentionNorm().length != config.dim() || l.ffnNorm().length != config.dim()) {
                throw new IllegalArgumentException(p + "norms must have " + config.dim() + " weights");
            }
        }
        if (outputNorm.length != config.dim()) {
            throw new IllegalArgumentException("output_norm must have " + config.dim() + " weights");
        }
    }

    private static void expect(String name, WeightMatrix m, int rows, int cols) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new IllegalArgumentException(name + " is " + m.rows() + "x" + m.cols() + ", expected " + rows + "x" + cols);
        }
    }
}
