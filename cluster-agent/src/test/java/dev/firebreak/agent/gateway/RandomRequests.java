package dev.firebreak.agent.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Random bodies of the OpenAI completion and chat requests' shape: each known field present or not,
 * and when present a value of the right type and range, of the right type out of range, or of another
 * JSON type. Valid requests stay cheap (at most two tokens asked for).
 */
final class RandomRequests {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> ROLES = List.of("system", "user", "assistant", "tool", "", "USER");
    private static final List<String> PART_TYPES = List.of("text", "text", "image_url", "input_audio", "file", "");

    private RandomRequests() {
    }

    static String body(SplittableRandom random, boolean chat) {
        ObjectNode body = F.objectNode();
        maybe(random, body, "model", () -> pick(random, F.textNode("tiny-code"), F.textNode("tiny-code"),
                F.textNode("no-such-model"), F.textNode(""), other(random)));
        if (chat) {
            maybe(random, body, "messages", () -> random.nextInt(5) == 0 ? other(random) : messages(random));
        } else {
            maybe(random, body, "prompt", () -> pick(random, F.textNode(text(random)), F.arrayNode().add(text(random)),
                    F.textNode(""), other(random)));
        }
        maybe(random, body, "max_tokens", () -> pick(random, F.numberNode(1 + random.nextInt(2)), F.numberNode(0),
                F.numberNode(-random.nextInt(1000)), F.numberNode(1 + random.nextDouble()), other(random)));
        maybe(random, body, "temperature", () -> pick(random, F.numberNode(random.nextDouble() * 2),
                F.numberNode(2 + random.nextDouble() * 10), F.numberNode(-random.nextDouble()), other(random)));
        maybe(random, body, "top_p", () -> pick(random, F.numberNode(random.nextDouble()), F.numberNode(0),
                F.numberNode(1 + random.nextDouble()), other(random)));
        maybe(random, body, "seed", () -> pick(random, F.numberNode(random.nextLong()), other(random)));
        maybe(random, body, "stream", () -> pick(random, F.booleanNode(random.nextBoolean()), other(random)));
        maybe(random, body, "n", () -> pick(random, F.numberNode(1), F.numberNode(random.nextInt(5)), other(random)));
        maybe(random, body, "stop", () -> pick(random, F.textNode("."), F.arrayNode().add("\n").add("."),
                F.arrayNode().add(1), other(random)));
        // Always bounded, whatever the draw: a valid request costs at most two tokens.
        if (!body.path("max_tokens").isNumber() || body.path("max_tokens").asDouble() > 2) {
            body.put("max_tokens", 1 + random.nextInt(2));
        }
        return body.toString();
    }

    private static JsonNode messages(SplittableRandom random) {
        ArrayNode messages = F.arrayNode();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            if (random.nextInt(8) == 0) {
                messages.add(other(random));
                continue;
            }
            ObjectNode m = F.objectNode();
            maybe(random, m, "role", () -> random.nextInt(6) == 0 ? other(random) : F.textNode(pick(random, ROLES)));
            maybe(random, m, "content", () -> pick(random, F.textNode(text(random)), parts(random), other(random)));
            messages.add(m);
        }
        return messages;
    }

    private static JsonNode parts(SplittableRandom random) {
        ArrayNode parts = F.arrayNode();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            ObjectNode part = F.objectNode();
            maybe(random, part, "type", () -> random.nextInt(6) == 0 ? other(random) : F.textNode(pick(random, PART_TYPES)));
            maybe(random, part, "text", () -> random.nextInt(4) == 0 ? other(random) : F.textNode(text(random)));
            parts.add(random.nextInt(10) == 0 ? other(random) : part);
        }
        return parts;
    }

    /** A JSON value of any type, nested a little. */
    private static JsonNode other(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(random.nextBoolean());
            case 2 -> F.numberNode(random.nextInt());
            case 3 -> F.numberNode(random.nextDouble() * 1e6 - 5e5);
            case 4 -> F.textNode(text(random));
            case 5 -> F.arrayNode().add(random.nextInt(10)).add(text(random));
            case 6 -> F.objectNode().put("k", text(random));
            default -> F.numberNode(Long.MAX_VALUE);
        };
    }

    private static String text(SplittableRandom random) {
        String[] words = {"hello", "é", "日本", "🙂", "\"quoted\"", "\n", "<|end|>", "x", "  ", "{}"};
        StringBuilder s = new StringBuilder();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            s.append(words[random.nextInt(words.length)]);
        }
        return s.toString();
    }

    private static void maybe(SplittableRandom random, ObjectNode node, String field, java.util.function.Supplier<JsonNode> value) {
        if (random.nextInt(5) != 0) {
            node.set(field, value.get());
        }
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static <T> T pick(SplittableRandom random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
