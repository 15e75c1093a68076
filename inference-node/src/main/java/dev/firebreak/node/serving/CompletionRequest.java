package dev.firebreak.node.serving;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The body of {@code POST /v1/completions} and {@code POST /v1/chat/completions}, with OpenAI's
 * field names. {@code prompt} is for completions, {@code messages} for chat.
 */
public record CompletionRequest(
        String model,
        JsonNode prompt,
        List<ChatMessage> messages,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        Float temperature,
        @JsonProperty("top_p") Float topP,
        Long seed,
        JsonNode stop,
        Boolean stream,
        Integer n) {

    /** One chat message. */
    public record ChatMessage(String role, String content) {
    }
}
