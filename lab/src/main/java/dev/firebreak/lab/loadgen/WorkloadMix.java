package dev.firebreak.lab.loadgen;

import java.util.SplittableRandom;

/**
 * The mix of requests: prompt and output lengths drawn log-uniformly between their bounds (many
 * short, a long tail, as chat traffic looks), a share of streams and of chat requests. Prompts are
 * made of words of about five bytes; the synthetic models' byte-level tokenizer makes one token per byte.
 */
public record WorkloadMix(int minPromptTokens, int maxPromptTokens, int minOutputTokens, int maxOutputTokens,
                          double streamShare, double chatShare) {

    private static final String[] WORDS = {"the", "cluster", "node", "model", "cache", "block", "token", "request",
            "answer", "stream", "memory", "leak", "route", "breaker", "latency", "queue", "batch", "prompt", "shard",
            "replica", "gateway", "operator", "alert", "drain"};

    public WorkloadMix {
        if (minPromptTokens < 1 || maxPromptTokens < minPromptTokens) {
            throw new IllegalArgumentException("prompt tokens must be 1 <= min <= max, got " + minPromptTokens + ".." + maxPromptTokens);
        }
        if (minOutputTokens < 1 || maxOutputTokens < minOutputTokens) {
            throw new IllegalArgumentException("output tokens must be 1 <= min <= max, got " + minOutputTokens + ".." + maxOutputTokens);
        }
        if (!(streamShare >= 0 && streamShare <= 1) || !(chatShare >= 0 && chatShare <= 1)) {
            throw new IllegalArgumentException("streamShare and chatShare must be 0-1");
        }
    }

    /** Prompts of 16-512 tokens, answers of 8-128 tokens, half streamed, half chat. */
    public static WorkloadMix defaults() {
        return new WorkloadMix(16, 512, 8, 128, 0.5, 0.5);
    }

    /** The same mix with {@code value} of its requests chat requests (0: completions only). */
    public WorkloadMix withChatShare(double value) {
        return new WorkloadMix(minPromptTokens, maxPromptTokens, minOutputTokens, maxOutputTokens, streamShare, value);
    }

    /** The next request for {@code model}, drawn from {@code random}. */
    public RequestShape next(String model, SplittableRandom random) {
        int promptTokens = logUniform(random, minPromptTokens, maxPromptTokens);
        int outputTokens = logUniform(random, minOutputTokens, maxOutputTokens);
        StringBuilder prompt = new StringBuilder(promptTokens + 8);
        while (prompt.length() < promptTokens) {
            if (!prompt.isEmpty()) {
                prompt.append(' ');
            }
            prompt.append(WORDS[random.nextInt(WORDS.length)]);
        }
        prompt.setLength(promptTokens);
        return new RequestShape(model, random.nextDouble() < chatShare, random.nextDouble() < streamShare,
                prompt.toString(), outputTokens, random.nextLong());
    }

    private static int logUniform(SplittableRandom random, int min, int max) {
        if (min == max) {
            return min;
        }
        double value = Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max + 1.0) - Math.log(min)));
        return Math.min(max, (int) value);
    }
}
