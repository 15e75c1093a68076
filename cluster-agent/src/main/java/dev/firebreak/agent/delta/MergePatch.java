package dev.firebreak.agent.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * The difference between two JSON documents, as a JSON Merge Patch (RFC 7386) with one addition
 * for arrays, and its application. A member that changed is given anew (recursively for objects),
 * one that went away is {@code null}, one unchanged is left out. RFC 7386 replaces an array whole;
 * here an array of unchanged length is patched element by element, as an object with the one member
 * {@value #ELEMENTS} mapping each changed index to its patch, so that a snapshot's thousand nodes in
 * a stable order cost only what changed in each. An array whose length changed is given whole.
 *
 * <p>Reading a {@code null} member as "removed" means a member whose value becomes {@code null} is
 * removed: a reader of records sees {@code null} either way.
 */
public final class MergePatch {

    /** The member of a patch that patches an array by index. */
    public static final String ELEMENTS = "[]";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MergePatch() {
    }

    /** The patch that turns {@code before} into {@code after}, or {@code null} when they are equal; it shares parts of {@code after}. */
    public static JsonNode diff(JsonNode before, JsonNode after) {
        if (before != null && before.equals(after)) {
            return null;
        }
        if (before instanceof ObjectNode from && after instanceof ObjectNode to) {
            ObjectNode patch = NODES.objectNode();
            for (Iterator<String> names = from.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!to.has(name) || to.get(name).isNull()) {
                    if (!from.get(name).isNull()) {
                        patch.putNull(name);
                    }
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = to.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull()) {
                    continue;
                }
                JsonNode change = diff(from.get(field.getKey()), field.getValue());
                if (change != null) {
                    patch.set(field.getKey(), change);
                }
            }
            return patch;
        }
        if (before instanceof ArrayNode from && after instanceof ArrayNode to && from.size() == to.size()) {
            ObjectNode elements = NODES.objectNode();
            for (int i = 0; i < to.size(); i++) {
                JsonNode change = diff(from.get(i), to.get(i));
                if (change != null) {
                    elements.set(Integer.toString(i), change);
                }
            }
            return NODES.objectNode().set(ELEMENTS, elements);
        }
        if (after instanceof ObjectNode to && !(before instanceof ObjectNode)) {
            // Merged into nothing, an object patch is the object itself, less its null members.
            JsonNode members = diff(NODES.objectNode(), to);
            return members == null ? NODES.objectNode() : members;
        }
        return after == null ? NODES.nullNode() : after;
    }

    /**
     * {@code target} with {@code patch} applied, changed in place where it can be: neither is to be
     * used afterwards (a stream's reader keeps only the result, and at a thousand nodes a copy of
     * the whole document each second is what a patch is there to save).
     */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!(patch instanceof ObjectNode changes)) {
            return patch;
        }
        if (target instanceof ArrayNode array && changes.size() == 1 && changes.get(ELEMENTS) instanceof ObjectNode elements) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = elements.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                int index = index(field.getKey(), array.size());
                array.set(index, apply(array.get(index), field.getValue()));
            }
            return array;
        }
        ObjectNode patched = target instanceof ObjectNode object ? object : NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = changes.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                patched.remove(field.getKey());
            } else {
                patched.set(field.getKey(), apply(patched.get(field.getKey()), field.getValue()));
            }
        }
        return patched;
    }

    private static int index(String key, int size) {
        int index;
        try {
            index = Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an array patch names element '" + key + "', not an index");
        }
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("an array patch names element " + index + " of " + size);
        }
        return index;
    }
}
