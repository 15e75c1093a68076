package dev.firebreak.agent.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.node.http.Json;

import java.io.IOException;

/**
 * Follows a relayed server-sent-event stream line by line: whether it reached {@code [DONE]}, ended
 * with an error event, carried any text, and the finish reason it gave. Each {@code data:} event is
 * read as JSON, not searched for strings.
 */
final class StreamScan {

    private static final String DATA = "data:";

    private boolean done;
    private boolean errorEvent;
    private boolean anyText;
    private String finishReason;
    private long totalTokens;

    void line(String line) {
        if (!line.startsWith(DATA)) {
            return;
        }
        String data = line.substring(DATA.length()).trim();
        if (data.equals("[DONE]")) {
            done = true;
            return;
        }
        try {
            JsonNode event = Json.mapper().readTree(data);
            if (event == null || !event.isObject()) {
                return;
            }
            if (event.has("error")) {
                errorEvent = true;
                return;
            }
            totalTokens = Math.max(totalTokens, AnswerText.totalTokens(event));
            AnswerText answer = AnswerText.of(event);
            anyText |= answer.hasText();
            if (finishReason == null) {
                finishReason = answer.finishReason();
            }
        } catch (IOException e) {
            // Not JSON: relayed as it is, counted nowhere.
        }
    }

    boolean done() {
        return done;
    }

    boolean errorEvent() {
        return errorEvent;
    }

    boolean anyText() {
        return anyText;
    }

    /** The tokens the stream's usage reported (its last chunk, when the engine sends one), else 0. */
    long totalTokens() {
        return totalTokens;
    }

    String finishReason() {
        return finishReason;
    }
}
