package dev.firebreak.node.engine.model;

import dev.firebreak.node.engine.tensor.WeightMatrix;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference: the same model written the plainest way, one token at a time, weights widened
 * to float[][] up front, double accumulators, its own KV cache as lists. Slow and obviously right.
 */
final class NaiveLlama {

    private final LlamaConfig c;
    private final float[][] embedding;
    private final float[][] output;
    private final LlamaWeights w;
    private final List<List<float[]>> keys = new ArrayList<>();
    private final List<List<float[]>> values = new ArrayList<>();

    NaiveLlama(LlamaConfig config, LlamaWeights weights) {
        this.c = config;
        this.w = weights;
        this.embedding = widen(weights.tokenEmbedding());
        this.output = widen(weights.output());
        for (int l = 0; l < config.layers(); l++) {
            keys.add(new ArrayList<>());
            values.add(new ArrayList<>());
        }
    }

    /** Feeds one token at the next position and returns the next-token logits. */
    float[] step(int token) {
        int pos = keys.getFirst().size();
        double[] x = toDouble(embedding[token]);
        for (int l = 0; l < c.layers(); l++) {
            LlamaWeights.Layer layer = w.layers().get(l);
            double[] xb = rmsNorm(x, layer.attentionNorm());
            double[] q = mul(widen(layer.wq()), xb);
            double[] k = mul(widen(layer.wk()), xb);
            double[] v = mul(widen(layer.wv()), xb);
            rope(q, pos);
            rope(k, pos);
            keys.get(l).add(toFloat(k));
            values.get(l).add(toFloat(v));
            double[] attended = new double[c.dim()];
            int hd = c.headDim();
            int group = c.heads() / c.kvHeads();
            for (int h = 0; h < c.heads(); h++) {
                int kvh = h / group;
                double[] scores = new double[pos + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int p = 0; p <= pos; p++) {
                    double s = 0;
                    for (int i = 0; i < hd; i++) {
                        s += q[h * hd + i] * keys.get(l).get(p)[kvh * hd + i];
                    }
                    scores[p] = s / Math.sqrt(hd);
                    max = Math.max(max, scores[p]);
                }
                double sum = 0;
                for (int p = 0; p <= pos; p++) {
                    scores[p] = Math.exp(scores[p] - max);
                    sum += scores[p];
                }
                for (int p = 0; p <= pos; p++) {
                    for (int i = 0; i < hd; i++) {
                        attended[h * hd + i] += scores[p] / sum * values.get(l).get(p)[kvh * hd + i];
                    }
                }
            }
            add(x, mul(widen(layer.wo()), attended));
            xb = rmsNorm(x, layer.ffnNorm());
            double[] gate = mul(widen(layer.gate()), xb);
            double[] up = mul(widen(layer.up()), xb);
            for (int i = 0; i < gate.length; i++) {
                gate[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
            }
            add(x, mul(widen(layer.down()), gate));
        }
        return toFloat(mul(output, rmsNorm(x, w.outputNorm())));
    }

    private double[] rmsNorm(double[] x, float[] weight) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double scale = 1 / Math.sqrt(ss / x.length + c.rmsEpsilon());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * scale * weight[i];
        }
        return out;
    }

    private void rope(double[] vec, int pos) {
        int hd = c.headDim();
        for (int h = 0; h < vec.length / hd; h++) {
            for (int i = 0; i < hd / 2; i++) {
                double freq = 1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / hd);
                double angle = pos * freq;
                double a = vec[h * hd + 2 * i];
                double b = vec[h * hd + 2 * i + 1];
                vec[h * hd + 2 * i] = a * Math.cos(angle) - b * Math.sin(angle);
                vec[h * hd + 2 * i + 1] = a * Math.sin(angle) + b * Math.cos(angle);
            }
        }
    }

    private static double[] mul(float[][] m, double[] x) {
        double[] out = new double[m.length];
        for (int r = 0; r < m.length; r++) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += m[r][i] * x[i];
            }
            out[r] = s;
        }
        return out;
    }

    private static void add(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }

    private static float[][] widen(WeightMatrix m) {
        float[][] rows = new float[m.rows()][m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            m.dequantizeRow(r, rows[r], 0);
        }
        return rows;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
