package dev.firebreak.node.openai;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The body of {@code POST /v1/completions} and {@code POST /v1/chat/completions} as
 * {@link RequestReader} reads it. {@code prompt} is for completions, {@code messages} for chat.
 */
public record CompletionRequest(
        String model,
        JsonNode prompt,
        List<ChatMessage> messages,
        Integer maxTokens,
        Integer maxCompletionTokens,
        Float temperature,
        Float topP,
        Long seed,
        JsonNode stop,
        Boolean stream,
        Integer n) {

    /** One chat message, its content parts joined into one text. */
    public record ChatMessage(String role, String content) {
    }
}
