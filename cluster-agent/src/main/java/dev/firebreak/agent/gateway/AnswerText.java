package dev.firebreak.agent.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the gray-failure counters read from an OpenAI answer or from one event of its stream: the
 * text it carries (completion text, chat content or a chat delta's content) and its finish reason.
 */
record AnswerText(String text, String finishReason) {

    static AnswerText of(JsonNode body) {
        JsonNode choice = body.path("choices").path(0);
        JsonNode text = choice.has("message") ? choice.path("message").path("content")
                : choice.has("delta") ? choice.path("delta").path("content") : choice.path("text");
        JsonNode reason = choice.path("finish_reason");
        return new AnswerText(text.isTextual() ? text.asText() : "", reason.isTextual() ? reason.asText() : null);
    }

    /** The answer's {@code usage.total_tokens}, 0 when it gives none (a stream's chunks before the last). */
    static long totalTokens(JsonNode body) {
        JsonNode total = body.path("usage").path("total_tokens");
        return total.canConvertToLong() ? Math.max(0, total.asLong()) : 0;
    }

    boolean hasText() {
        return !text.isEmpty();
    }
}
