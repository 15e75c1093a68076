package dev.firebreak.node.engine.batch;

import dev.firebreak.node.engine.sampling.SamplingParams;

import java.util.List;

/**
 * One completion to run.
 *
 * @param deadlineMillis epoch millis after which the request is cancelled with an error
 */
public record GenerationRequest(String id, int[] prompt, int maxTokens, SamplingParams sampling, List<String> stop,
                                long deadlineMillis, TokenSink sink) {

    public GenerationRequest {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be at least 1, got " + maxTokens);
        }
        stop = List.copyOf(stop);
    }
}
