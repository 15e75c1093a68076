package dev.firebreak.node.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response and chunk bodies of one completion in OpenAI's shapes, whole or streamed: what a node
 * answers, and what the lab's simulated nodes answer alike.
 *
 * @param chat a chat completion ({@code message}/{@code delta}) rather than a text completion ({@code text})
 */
public record OpenAiBodies(String id, String model, long created, boolean chat) {

    private Map<String, Object> envelope(String object) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", object);
        m.put("created", created);
        m.put("model", model);
        return m;
    }

    private static Map<String, Object> usage(int promptTokens, int completionTokens) {
        return Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
                "total_tokens", promptTokens + completionTokens);
    }

    /** A whole answer: its text and how it finished ({@code stop}, {@code length}). */
    public Map<String, Object> whole(String text, String finishReason, int promptTokens, int completionTokens) {
        Map<String, Object> m = envelope(chat ? "chat.completion" : "text_completion");
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        if (chat) {
            choice.put("message", Map.of("role", "assistant", "content", text));
        } else {
            choice.put("text", text);
            choice.put("logprobs", null);
        }
        choice.put("finish_reason", finishReason);
        m.put("choices", List.of(choice));
        m.put("usage", usage(promptTokens, completionTokens));
        return m;
    }

    /** A chat stream's first chunk, naming the assistant's role. */
    public Map<String, Object> roleChunk() {
        return chunk(Map.of("role", "assistant"), null);
    }

    public Map<String, Object> textChunk(String text) {
        return chat ? chunk(Map.of("content", text), null) : completionChunk(text, null);
    }

    /** A stream's last chunk before {@code [DONE]}: how it finished, and the usage. */
    public Map<String, Object> finalChunk(String finishReason, int promptTokens, int completionTokens) {
        Map<String, Object> m = chat ? chunk(Map.of(), finishReason) : completionChunk("", finishReason);
        m.put("usage", usage(promptTokens, completionTokens));
        return m;
    }

    private Map<String, Object> chunk(Map<String, Object> delta, String finishReason) {
        return oneChoice("chat.completion.chunk", "delta", delta, finishReason);
    }

    private Map<String, Object> completionChunk(String text, String finishReason) {
        return oneChoice("text_completion", "text", text, finishReason);
    }

    /** A streamed chunk: the envelope and its one choice, whose content is {@code field} (delta or text). */
    private Map<String, Object> oneChoice(String object, String field, Object content, String finishReason) {
        Map<String, Object> m = envelope(object);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put(field, content);
        choice.put("finish_reason", finishReason);
        m.put("choices", List.of(choice));
        return m;
    }
}
