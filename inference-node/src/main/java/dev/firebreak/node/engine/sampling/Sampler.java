package dev.firebreak.node.engine.sampling;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/** Picks next tokens from logits; the same parameters and seed give the same tokens. */
public final class Sampler {

    private final SamplingParams params;
    private final SplittableRandom random;
    private final BitSet allowed;

    public Sampler(SamplingParams params) {
        this(params, null);
    }

    /** @param allowed the tokens that may be picked, or null for all */
    public Sampler(SamplingParams params, BitSet allowed) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
        this.allowed = allowed;
    }

    /** The next token from {@code vocab} logits at {@code offset}; the logits are used as scratch. */
    public int sample(float[] logits, int offset, int vocab) {
        if (allowed != null) {
            for (int i = allowed.nextClearBit(0); i < vocab; i = allowed.nextClearBit(i + 1)) {
                logits[offset + i] = Float.NEGATIVE_INFINITY;
            }
        }
        if (params.temperature() == 0f) {
            return argmax(logits, offset, vocab);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double sum = 0;
        double[] probs = new double[vocab];
        for (int i = 0; i < vocab; i++) {
            probs[i] = Math.exp((logits[offset + i] - max) / params.temperature());
            sum += probs[i];
        }
        for (int i = 0; i < vocab; i++) {
            probs[i] /= sum;
        }
        return params.topP() < 1f ? sampleTopP(probs) : sampleAll(probs);
    }

    private int sampleAll(double[] probs) {
        double r = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < probs.length; i++) {
            cumulative += probs[i];
            if (r < cumulative) {
                return i;
            }
        }
        return probs.length - 1;
    }

    /** Nucleus sampling; tokens under (1 - p)/(n - 1) cannot be in the nucleus, so they are not sorted. */
    private int sampleTopP(double[] probs) {
        double cutoff = (1.0 - params.topP()) / Math.max(1, probs.length - 1);
        Integer[] candidates = java.util.stream.IntStream.range(0, probs.length)
                .filter(i -> probs[i] >= cutoff).boxed().toArray(Integer[]::new);
        Arrays.sort(candidates, (a, b) -> Double.compare(probs[b], probs[a]) != 0
                ? Double.compare(probs[b], probs[a]) : Integer.compare(a, b));
        double cumulative = 0;
        int last = candidates.length - 1;
        for (int i = 0; i < candidates.length; i++) {
            cumulative += probs[candidates[i]];
            if (cumulative >= params.topP()) {
                last = i;
                break;
            }
        }
        double r = random.nextDouble() * cumulative;
        double running = 0;
        for (int i = 0; i <= last; i++) {
            running += probs[candidates[i]];
            if (r < running) {
                return candidates[i];
            }
        }
        return candidates[last];
    }

    static int argmax(float[] logits, int offset, int vocab) {
        int best = 0;
        for (int i = 1; i < vocab; i++) {
            if (logits[offset + i] > logits[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
