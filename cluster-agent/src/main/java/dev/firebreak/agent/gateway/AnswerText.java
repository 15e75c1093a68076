package dev.firebreak.agent.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.firebreak.node.http.Json;

import java.io.IOException;

/**
 * What the gray-failure counters read from an OpenAI answer or from one event of its stream:
 * whether it carries text (completion text, chat content or a chat delta's content), its finish
 * reason, its {@code usage.total_tokens} and whether it is an error.
 *
 * <p>Read with Jackson's streaming parser, skipping what it does not need: the gateway reads every
 * event of every stream it relays, and building a tree of each was a fifth of what it allocated
 * per request.
 *
 * @param totalTokens the answer's {@code usage.total_tokens}, 0 when it gives none (a stream's chunks before the last)
 * @param error       the body has an {@code error} member (an error event)
 */
record AnswerText(boolean hasText, String finishReason, long totalTokens, boolean error) {

    /** What a body that is JSON but not an object says: nothing. */
    static final AnswerText NOTHING = new AnswerText(false, null, 0, false);

    static AnswerText read(byte[] json) throws IOException {
        return read(json, 0, json.length);
    }

    /** Reads the {@code length} bytes of {@code json} from {@code offset}. */
    static AnswerText read(byte[] json, int offset, int length) throws IOException {
        try (JsonParser parser = Json.mapper().createParser(json, offset, length)) {
            return read(parser);
        }
    }

    private static AnswerText read(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return NOTHING;
        }
        Choice choice = Choice.NONE;
        long totalTokens = 0;
        boolean error = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "error" -> error = true;
                case "usage" -> totalTokens = value == JsonToken.START_OBJECT ? totalTokens(parser) : 0;
                case "choices" -> choice = value == JsonToken.START_ARRAY ? firstChoice(parser) : Choice.NONE;
                default -> { }
            }
            parser.skipChildren();
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("not a JSON object");
        }
        return new AnswerText(choice.hasText(), choice.finishReason, totalTokens, error);
    }

    /** Reads {@code usage}'s members, leaving the parser on its end. */
    private static long totalTokens(JsonParser parser) throws IOException {
        long total = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("total_tokens")) {
                total = value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT ? wholeCount(parser) : 0;
            }
            parser.skipChildren();
        }
        return total;
    }

    /** A count as a long: 0 when negative or past a long's range. */
    private static long wholeCount(JsonParser parser) throws IOException {
        double value = parser.getDoubleValue();
        return value > 0 && value < Long.MAX_VALUE ? (long) value : 0;
    }

    /** Reads the first of {@code choices} and skips the others, leaving the parser on the array's end. */
    private static Choice firstChoice(JsonParser parser) throws IOException {
        Choice first = Choice.NONE;
        if (parser.nextToken() == JsonToken.START_OBJECT) {
            first = choice(parser);
        }
        while (parser.currentToken() != JsonToken.END_ARRAY) {
            parser.skipChildren();
            if (parser.nextToken() == null) {
                throw new IOException("unfinished array");
            }
        }
        return first;
    }

    /** Reads one choice object, leaving the parser on its end. */
    private static Choice choice(JsonParser parser) throws IOException {
        Choice choice = new Choice();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "message" -> choice.message = content(parser, value);
                case "delta" -> choice.delta = content(parser, value);
                case "text" -> choice.text = value == JsonToken.VALUE_STRING ? parser.getTextLength() > 0 : Boolean.FALSE;
                case "finish_reason" -> choice.finishReason = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                default -> { }
            }
            parser.skipChildren();
        }
        return choice;
    }

    /** Whether a {@code message} or {@code delta} has text in its {@code content}; leaves the parser on the value's end. */
    private static Boolean content(JsonParser parser, JsonToken value) throws IOException {
        boolean text = false;
        if (value == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken member = parser.nextToken();
                if (name.equals("content")) {
                    text = member == JsonToken.VALUE_STRING && parser.getTextLength() > 0;
                }
                parser.skipChildren();
            }
        }
        return text;
    }

    /** What one choice carries; a chat message wins over a delta, a delta over completion text, as a member present at all. */
    private static final class Choice {
        static final Choice NONE = new Choice();
        Boolean message;
        Boolean delta;
        Boolean text;
        String finishReason;

        boolean hasText() {
            Boolean shown = message != null ? message : delta != null ? delta : text;
            return shown != null && shown;
        }
    }
}
