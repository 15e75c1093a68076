package dev.firebreak.node.engine.model;

import dev.firebreak.node.engine.tensor.WeightMatrix;
import dev.firebreak.node.engine.tensor.WeightType;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic random weights for a config, from a seed: each matrix draws from its own stream
 * (seeded by the model seed and the matrix's name), scaled by 1/√fan-in so activations stay in
 * range through every layer. Norm weights are 1.
 */
public final class SyntheticWeights {

    private SyntheticWeights() {
    }

    /** Weights for {@code config} in {@code arena}, stored as {@code type}. */
    public static LlamaWeights generate(LlamaConfig config, long seed, WeightType type, Arena arena) {
        int dim = config.dim();
        WeightMatrix embedding = matrix("token_embd", config.vocabSize(), dim, 1.0, seed, type, arena);
        List<LlamaWeights.Layer> layers = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            String p = "blk." + l + ".";
            layers.add(new LlamaWeights.Layer(
                    ones(dim),
                    matrix(p + "attn_q", dim, dim, 1 / Math.sqrt(dim), seed, type, arena),
                    matrix(p + "attn_k", config.kvDim(), dim, 1 / Math.sqrt(dim), seed, type, arena),
                    matrix(p + "attn_v", config.kvDim(), dim, 1 / Math.sqrt(dim), seed, type, arena),
                    matrix(p + "attn_output", dim, dim, 1 / Math.sqrt(dim), seed, type, arena),
                    ones(dim),
                    matrix(p + "ffn_gate", config.hiddenDim(), dim, 1 / Math.sqrt(dim), seed, type, arena),
                    matrix(p + "ffn_down", dim, config.hiddenDim(), 1 / Math.sqrt(config.hiddenDim()), seed, type, arena),
                    matrix(p + "ffn_up", config.hiddenDim(), dim, 1 / Math.sqrt(dim), seed, type, arena)));
        }
        WeightMatrix output = config.tiedEmbeddings() ? embedding
                : matrix("output", config.vocabSize(), dim, 1 / Math.sqrt(dim), seed, type, arena);
        return new LlamaWeights(embedding, layers, ones(dim), output);
    }

    private static WeightMatrix matrix(String name, int rows, int cols, double scale, long seed, WeightType type,
                                       Arena arena) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            // Uniform in [-√3, √3]·scale has the standard deviation `scale`.
            values[i] = (float) ((random.nextDouble() * 2 - 1) * Math.sqrt(3) * scale);
        }
        return WeightMatrix.quantize(type, rows, cols, values, arena);
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return v;
    }
}
