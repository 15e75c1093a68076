package dev.firebreak.node.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.node.engine.sampling.SamplingParams;
import dev.firebreak.node.openai.CompletionRequest;
import dev.firebreak.node.openai.OpenAiErrors;
import dev.firebreak.node.openai.RequestReader;

import java.util.ArrayList;
import java.util.List;

/**
 * A request's generation settings for one model: its shape and ranges were checked by
 * {@link RequestReader}; here what needs the model's context length, each problem naming its parameter.
 */
record GenerationParams(int maxTokens, SamplingParams sampling, List<String> stop, boolean stream) {

    static final int DEFAULT_MAX_TOKENS = 128;

    static GenerationParams of(CompletionRequest r, int contextLength, int promptTokens) {
        Integer requested = r.maxTokens() != null ? r.maxTokens() : r.maxCompletionTokens();
        int room = contextLength - promptTokens;
        int maxTokens = requested != null ? requested : Math.min(DEFAULT_MAX_TOKENS, room);
        if (maxTokens > room) {
            throw new OpenAiErrors.InvalidParam("max_tokens", "context_length_exceeded", "the prompt has " + promptTokens
                    + " tokens and max_tokens is " + maxTokens + ", over the model's context of " + contextLength);
        }
        float temperature = r.temperature() == null ? 1f : r.temperature();
        float topP = r.topP() == null ? 1f : r.topP();
        long seed = r.seed() != null ? r.seed() : System.nanoTime();
        return new GenerationParams(maxTokens, new SamplingParams(temperature, topP, seed), stops(r.stop()),
                Boolean.TRUE.equals(r.stream()));
    }

    private static List<String> stops(JsonNode stop) {
        List<String> stops = new ArrayList<>();
        if (stop != null && stop.isTextual()) {
            stops.add(stop.asText());
        } else if (stop != null && stop.isArray()) {
            stop.forEach(s -> stops.add(s.asText()));
        }
        return stops;
    }
}
