package dev.firebreak.node.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.node.http.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads the body of {@code POST /v1/completions} and {@code /v1/chat/completions} field by field,
 * as OpenAI's API defines them, so that every refusal names the field and the JSON type it wants
 * ("max_tokens must be an integer, got a string"), never a Java type. The node and the gateway
 * read requests with it, so the same bad request gets the same answer from both. What needs the
 * model (its context length) is checked later, by {@link GenerationParams}.
 */
public final class RequestReader {

    private static final int MAX_STOPS = 4;

    private RequestReader() {
    }

    /** The request in {@code body}, valid in shape and range; {@link OpenAiErrors.InvalidParam} naming the field otherwise. */
    public static CompletionRequest read(byte[] body, boolean chat) {
        if (body.length == 0) {
            throw new OpenAiErrors.InvalidParam(null, "missing_body", "the request has no JSON body");
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new OpenAiErrors.InvalidParam(null, "invalid_json", "the request body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw new OpenAiErrors.InvalidParam(null, "invalid_type",
                    "the request body must be a JSON object, got " + typeOf(json));
        }
        String model = requiredString(json, "model");
        if (model.isBlank()) {
            throw new OpenAiErrors.InvalidParam("model", "missing_required_parameter", "model is required");
        }
        JsonNode prompt = null;
        List<CompletionRequest.ChatMessage> messages = null;
        if (chat) {
            messages = messages(json.get("messages"));
        } else {
            prompt = prompt(json.get("prompt"));
        }
        Integer maxTokens = integer(json, "max_tokens", 1);
        Integer maxCompletionTokens = integer(json, "max_completion_tokens", 1);
        Float temperature = number(json, "temperature");
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            throw new OpenAiErrors.InvalidParam("temperature", "invalid_value", "temperature must be 0-2, got " + temperature);
        }
        Float topP = number(json, "top_p");
        if (topP != null && !(topP > 0 && topP <= 1)) {
            throw new OpenAiErrors.InvalidParam("top_p", "invalid_value", "top_p must be above 0 and at most 1, got " + topP);
        }
        Long seed = json.hasNonNull("seed") ? longValue(json.get("seed"), "seed") : null;
        JsonNode stop = stop(json.get("stop"));
        Boolean stream = bool(json, "stream");
        Integer n = integer(json, "n", Integer.MIN_VALUE);
        if (n != null && n != 1) {
            throw new OpenAiErrors.InvalidParam("n", "unsupported_value", "only n = 1 is supported, got " + n);
        }
        return new CompletionRequest(model, prompt, messages, maxTokens, maxCompletionTokens, temperature, topP, seed,
                stop, stream, n);
    }

    private static JsonNode prompt(JsonNode prompt) {
        if (prompt == null || prompt.isNull()) {
            throw new OpenAiErrors.InvalidParam("prompt", "missing_required_parameter", "prompt is required");
        }
        boolean oneString = prompt.isTextual() || prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual();
        if (!oneString) {
            throw new OpenAiErrors.InvalidParam("prompt", "invalid_type",
                    "prompt must be a string (or an array of one string), got " + typeOf(prompt));
        }
        return prompt;
    }

    private static List<CompletionRequest.ChatMessage> messages(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            throw new OpenAiErrors.InvalidParam("messages", "missing_required_parameter", "messages is required");
        }
        if (!messages.isArray()) {
            throw new OpenAiErrors.InvalidParam("messages", "invalid_type", "messages must be an array, got " + typeOf(messages));
        }
        List<CompletionRequest.ChatMessage> read = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String field = "messages[" + i + "]";
            JsonNode m = messages.get(i);
            if (!m.isObject()) {
                throw new OpenAiErrors.InvalidParam(field, "invalid_type", field + " must be an object, got " + typeOf(m));
            }
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual()) {
                throw new OpenAiErrors.InvalidParam(field + ".role", role == null ? "missing_required_parameter" : "invalid_type",
                        field + ".role must be a string (system, user or assistant), got " + typeOf(role));
            }
            read.add(new CompletionRequest.ChatMessage(role.asText(), content(m.get("content"), field + ".content")));
        }
        return read;
    }

    /** A message's text: a string, or OpenAI's array of content parts of which only text parts are supported. */
    private static String content(JsonNode content, String field) {
        if (content == null || content.isNull()) {
            throw new OpenAiErrors.InvalidParam(field, "missing_required_parameter", field + " is required");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw new OpenAiErrors.InvalidParam(field, "invalid_type",
                    field + " must be a string or an array of content parts, got " + typeOf(content));
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            String partField = field + "[" + i + "]";
            JsonNode part = content.get(i);
            if (!part.isObject()) {
                throw new OpenAiErrors.InvalidParam(partField, "invalid_type", partField + " must be an object, got " + typeOf(part));
            }
            JsonNode type = part.get("type");
            if (type == null || !type.isTextual()) {
                throw new OpenAiErrors.InvalidParam(partField + ".type", "invalid_type",
                        partField + ".type must be a string, got " + typeOf(type));
            }
            if (!type.asText().equals("text")) {
                throw new OpenAiErrors.InvalidParam(partField + ".type", "unsupported_value", "content parts of type '"
                        + type.asText() + "' are not supported by this server; only 'text' parts are");
            }
            JsonNode partText = part.get("text");
            if (partText == null || !partText.isTextual()) {
                throw new OpenAiErrors.InvalidParam(partField + ".text", "invalid_type",
                        partField + ".text must be a string, got " + typeOf(partText));
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(partText.asText());
        }
        return text.toString();
    }

    private static JsonNode stop(JsonNode stop) {
        if (stop == null || stop.isNull() || stop.isTextual()) {
            return stop;
        }
        if (stop.isArray() && stop.size() <= MAX_STOPS) {
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw new OpenAiErrors.InvalidParam("stop", "invalid_type",
                            "stop must be a string or an array of strings, got an array holding " + typeOf(s));
                }
            }
            return stop;
        }
        throw new OpenAiErrors.InvalidParam("stop", "invalid_type", "stop must be a string or an array of up to "
                + MAX_STOPS + " strings, got " + (stop.isArray() ? "an array of " + stop.size() : typeOf(stop)));
    }

    private static String requiredString(JsonNode json, String field) {
        if (!json.hasNonNull(field)) {
            throw new OpenAiErrors.InvalidParam(field, "missing_required_parameter", field + " is required");
        }
        return optional(json, field, JsonNode::isTextual, "a string").asText();
    }

    /** An integer field at least {@code min}, or null when absent. */
    private static Integer integer(JsonNode json, String field, int min) {
        if (!json.hasNonNull(field)) {
            return null;
        }
        long value = longValue(json.get(field), field);
        if (value < min || value > Integer.MAX_VALUE) {
            throw new OpenAiErrors.InvalidParam(field, "invalid_value", field + " must be at least " + min + ", got " + value);
        }
        return (int) value;
    }

    private static long longValue(JsonNode value, String field) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new OpenAiErrors.InvalidParam(field, "invalid_type", field + " must be an integer, got " + typeOf(value));
        }
        return value.asLong();
    }

    private static Float number(JsonNode json, String field) {
        JsonNode value = optional(json, field, JsonNode::isNumber, "a number");
        return value == null ? null : value.floatValue();
    }

    private static Boolean bool(JsonNode json, String field) {
        JsonNode value = optional(json, field, JsonNode::isBoolean, "true or false");
        return value == null ? null : value.asBoolean();
    }

    /** The field's value, null when absent or null, refused naming {@code expected} when of another type. */
    private static JsonNode optional(JsonNode json, String field, Predicate<JsonNode> type, String expected) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!type.test(value)) {
            throw new OpenAiErrors.InvalidParam(field, "invalid_type", field + " must be " + expected + ", got " + typeOf(value));
        }
        return value;
    }

    /** A JSON value's type in JSON's own words, with a short sample, for messages. */
    static String typeOf(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "an integer (" + value.asText() + ")" : "a number (" + value.asText() + ")";
            case BOOLEAN -> "a boolean (" + value.asText() + ")";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "an unsupported value";
        };
    }
}
