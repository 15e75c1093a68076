package dev.firebreak.node.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.node.engine.sampling.SamplingParams;

import java.util.ArrayList;
import java.util.List;

/** A request's generation settings, validated: every problem names its parameter. */
record GenerationParams(int maxTokens, SamplingParams sampling, List<String> stop, boolean stream) {

    static final int DEFAULT_MAX_TOKENS = 128;
    private static final int MAX_STOPS = 4;

    static GenerationParams of(CompletionRequest r, int contextLength, int promptTokens) {
        if (r.n() != null && r.n() != 1) {
            throw new OpenAiErrors.InvalidParam("n", "unsupported_value", "only n = 1 is supported, got " + r.n());
        }
        Integer requested = r.maxTokens() != null ? r.maxTokens() : r.maxCompletionTokens();
        int room = contextLength - promptTokens;
        int maxTokens = requested != null ? requested : Math.min(DEFAULT_MAX_TOKENS, room);
        if (maxTokens < 1) {
            throw new OpenAiErrors.InvalidParam("max_tokens", "invalid_value", "max_tokens must be at least 1, got " + maxTokens);
        }
        if (maxTokens > room) {
            throw new OpenAiErrors.InvalidParam("max_tokens", "context_length_exceeded", "the prompt has " + promptTokens
                    + " tokens and max_tokens is " + maxTokens + ", over the model's context of " + contextLength);
        }
        float temperature = r.temperature() == null ? 1f : r.temperature();
        float topP = r.topP() == null ? 1f : r.topP();
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new OpenAiErrors.InvalidParam("temperature", "invalid_value", "temperature must be 0-2, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new OpenAiErrors.InvalidParam("top_p", "invalid_value", "top_p must be above 0 and at most 1, got " + topP);
        }
        long seed = r.seed() != null ? r.seed() : System.nanoTime();
        return new GenerationParams(maxTokens, new SamplingParams(temperature, topP, seed), stops(r.stop()),
                Boolean.TRUE.equals(r.stream()));
    }

    private static List<String> stops(JsonNode stop) {
        List<String> stops = new ArrayList<>();
        if (stop == null || stop.isNull()) {
            return stops;
        }
        if (stop.isTextual()) {
            stops.add(stop.asText());
        } else if (stop.isArray() && stop.size() <= MAX_STOPS) {
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw new OpenAiErrors.InvalidParam("stop", "invalid_type", "stop must be a string or an array of strings");
                }
                stops.add(s.asText());
            }
        } else {
            throw new OpenAiErrors.InvalidParam("stop", "invalid_type",
                    "stop must be a string or an array of up to " + MAX_STOPS + " strings");
        }
        return stops;
    }
}
