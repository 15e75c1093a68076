package dev.firebreak.node.engine.sampling;

/**
 * How to pick each next token: temperature 0 is greedy; otherwise sample from the softmax at
 * {@code temperature}, restricted to the smallest set of tokens whose probability reaches {@code topP}.
 */
public record SamplingParams(float temperature, float topP, long seed) {

    public SamplingParams {
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be above 0 and at most 1, got " + topP);
        }
    }

    public static SamplingParams greedy() {
        return new SamplingParams(0f, 1f, 0);
    }
}
