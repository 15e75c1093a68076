package dev.firebreak.node.engine.model;

import dev.firebreak.node.engine.tensor.MatMul;
import dev.firebreak.node.engine.tensor.SegmentMath;
import dev.firebreak.node.engine.tensor.VectorMath;
import dev.firebreak.node.engine.tensor.WeightMatrix;

/**
 * The Llama forward pass over a {@link Batch}: every projection runs as one matrix-matrix
 * multiplication over all rows of the batch; attention reads each row's own KV cache.
 */
public final class Llama {

    private final LlamaConfig config;
    private final LlamaWeights weights;
    private final float[] inverseFrequencies;
    private final Attention attention;

    public Llama(LlamaConfig config, LlamaWeights weights) {
        weights.validate(config);
        this.config = config;
        this.weights = weights;
        int half = config.headDim() / 2;
        this.inverseFrequencies = new float[half];
        for (int i = 0; i < half; i++) {
            inverseFrequencies[i] = (float) (1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / config.headDim()));
        }
        this.attention = new Attention(config);
    }

    public LlamaConfig config() {
        return config;
    }

    public LlamaWeights weights() {
        return weights;
    }

    /**
     * Runs the batch: stores every row's keys and values in its cache and returns next-token
     * logits for the rows that want them, {@code vocabSize} floats each, in row order.
     */
    public float[] forward(Batch batch) {
        int n = batch.size();
        int dim = config.dim();
        int kvDim = config.kvDim();
        int hidden = config.hiddenDim();
        float[] x = new float[n * dim];
        for (int t = 0; t < n; t++) {
            weights.tokenEmbedding().dequantizeRow(checkedToken(batch.tokens()[t]), x, t * dim);
        }
        float[] xb = new float[n * dim];
        float[] q = new float[n * dim];
        float[] k = new float[n * kvDim];
        float[] v = new float[n * kvDim];
        float[] attended = new float[n * dim];
        float[] gate = new float[n * hidden];
        float[] up = new float[n * hidden];
        float[][] rope = ropeTables(batch.positions());

        for (int l = 0; l < config.layers(); l++) {
            LlamaWeights.Layer layer = weights.layers().get(l);
            for (int t = 0; t < n; t++) {
                VectorMath.rmsNorm(xb, t * dim, x, t * dim, layer.attentionNorm(), dim, config.rmsEpsilon());
            }
            MatMul.matMulAll(new WeightMatrix[] {layer.wq(), layer.wk(), layer.wv()}, xb, n, new float[][] {q, k, v});
            for (int t = 0; t < n; t++) {
                rotate(q, t * dim, config.heads(), rope[t]);
                rotate(k, t * kvDim, config.kvHeads(), rope[t]);
                KvCache cache = batch.caches()[t];
                int pos = batch.positions()[t];
                SegmentMath.store(k, t * kvDim, cache.memory(), cache.keyOffset(l, pos), kvDim);
                SegmentMath.store(v, t * kvDim, cache.memory(), cache.valueOffset(l, pos), kvDim);
            }
            attention.run(l, batch, q, attended);
            MatMul.matMul(layer.wo(), attended, n, xb);
            VectorMath.add(x, 0, xb, 0, n * dim);

            for (int t = 0; t < n; t++) {
                VectorMath.rmsNorm(xb, t * dim, x, t * dim, layer.ffnNorm(), dim, config.rmsEpsilon());
            }
            MatMul.matMulAll(new WeightMatrix[] {layer.gate(), layer.up()}, xb, n, new float[][] {gate, up});
            VectorMath.swiGlu(gate, 0, up, 0, n * hidden);
            MatMul.matMul(layer.down(), gate, n, xb);
            VectorMath.add(x, 0, xb, 0, n * dim);
        }
        return logits(batch, x);
    }

    private int checkedToken(int token) {
        if (token < 0 || token >= config.vocabSize()) {
            throw new IllegalArgumentException("token id " + token + " outside the vocabulary of " + config.vocabSize());
        }
        return token;
    }

    private float[] logits(Batch batch, float[] x) {
        int dim = config.dim();
        int rows = batch.logitRows();
        float[] normed = new float[rows * dim];
        int r = 0;
        for (int t = 0; t < batch.size(); t++) {
            if (batch.wantLogits()[t]) {
                VectorMath.rmsNorm(normed, r++ * dim, x, t * dim, weights.outputNorm(), dim, config.rmsEpsilon());
            }
        }
        float[] logits = new float[rows * config.vocabSize()];
        MatMul.matMul(weights.output(), normed, rows, logits);
        return logits;
    }

    /** Per row: cos and sin of each rotary frequency at the row's position, interleaved. */
    private float[][] ropeTables(int[] positions) {
        float[][] tables = new float[positions.length][];
        for (int t = 0; t < positions.length; t++) {
            float[] table = new float[inverseFrequencies.length * 2];
            for (int i = 0; i < inverseFrequencies.length; i++) {
                double angle = positions[t] * (double) inverseFrequencies[i];
                table[2 * i] = (float) Math.cos(angle);
                table[2 * i + 1] = (float) Math.sin(angle);
            }
            tables[t] = table;
        }
        return tables;
    }

    /** RoPE on consecutive pairs of each head, as GGUF Llama weights are laid out. */
    private void rotate(float[] vec, int off, int heads, float[] table) {
        int headDim = config.headDim();
        for (int h = 0; h < heads; h++) {
            int base = off + h * headDim;
            for (int i = 0; i < headDim / 2; i++) {
                float cos = table[2 * i];
                float sin = table[2 * i + 1];
                float a = vec[base + 2 * i];
                float b = vec[base + 2 * i + 1];
                vec[base + 2 * i] = a * cos - b * sin;
                vec[base + 2 * i + 1] = a * sin + b * cos;
            }
        }
    }

}
