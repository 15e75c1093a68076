package dev.firebreak.agent.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.node.http.Json;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MergePatchTest {

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void shouldGiveOnlyWhatChangedAndPatchArraysOfTheSameLengthByIndex() throws Exception {
        JsonNode before = json("{'at':1,'nodes':[{'id':'n1','kv':0.1,'url':'http://a'},{'id':'n2','kv':0.2,'url':'http://b'}],'why':'x'}");
        JsonNode after = json("{'at':2,'nodes':[{'id':'n1','kv':0.1,'url':'http://a'},{'id':'n2','kv':0.5,'url':'http://b'}]}");

        JsonNode patch = MergePatch.diff(before, after);

        assertThat(patch).isEqualTo(json("{'why':null,'at':2,'nodes':{'[]':{'1':{'kv':0.5}}}}"));
        assertThat(MergePatch.apply(before.deepCopy(), patch)).isEqualTo(after);
    }

    @Test
    void shouldGiveAnArrayWholeWhenItsLengthChangedAndNothingWhenNothingDid() throws Exception {
        JsonNode before = json("{'nodes':[1,2]}");
        JsonNode after = json("{'nodes':[1,2,3]}");

        assertThat(MergePatch.diff(before, after)).isEqualTo(json("{'nodes':[1,2,3]}"));
        assertThat(MergePatch.diff(after, after.deepCopy())).isNull();
    }

    @Test
    void shouldReadANullMemberAsRemovedAndAMemberBecomingNullAsRemoved() throws Exception {
        JsonNode before = json("{'error':'refused','a':1}");
        JsonNode after = json("{'error':null,'a':1}");

        JsonNode patched = MergePatch.apply(before.deepCopy(), MergePatch.diff(before, after));

        assertThat(patched.has("error")).isFalse();
        assertThat(patched.get("a").asInt()).isEqualTo(1);
    }

    @Test
    void shouldTurnAnyDocumentIntoAnyOtherOfItsShape() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            JsonNode before = document(random, 3);
            JsonNode after = random.nextInt(4) == 0 ? document(random, 3) : mutated(before.deepCopy(), random);
            JsonNode patch = MergePatch.diff(before, after);
            JsonNode patched = patch == null ? before : MergePatch.apply(before.deepCopy(), Json.mapper().valueToTree(patch));
            assertThat(withoutNulls(patched)).as("round %d: %s -> %s via %s", round, before, after, patch)
                    .isEqualTo(withoutNulls(after));
        }
    }

    @Test
    void shouldRefuseAnArrayPatchThatNamesNoElementOfIt() throws Exception {
        assertThatThrownBy(() -> MergePatch.apply(json("[1,2]"), json("{'[]':{'5':3}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("element 5 of 2");
        assertThatThrownBy(() -> MergePatch.apply(json("[1,2]"), json("{'[]':{'x':3}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
    }

    /** A random object of nested objects, arrays and scalars (nulls among them). */
    private static ObjectNode document(Random random, int depth) {
        ObjectNode object = Json.mapper().createObjectNode();
        int members = random.nextInt(5);
        for (int i = 0; i < members; i++) {
            object.set("m" + random.nextInt(6), value(random, depth));
        }
        return object;
    }

    private static JsonNode value(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 6 : 4);
        return switch (kind) {
            case 0 -> Json.mapper().getNodeFactory().numberNode(random.nextInt(3));
            case 1 -> Json.mapper().getNodeFactory().textNode("t" + random.nextInt(3));
            case 2 -> Json.mapper().getNodeFactory().nullNode();
            case 3 -> Json.mapper().getNodeFactory().booleanNode(random.nextBoolean());
            case 4 -> document(random, depth - 1);
            default -> {
                ArrayNode array = Json.mapper().createArrayNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    array.add(value(random, depth - 1));
                }
                yield array;
            }
        };
    }

    /** {@code node} changed in a few places, as a second's snapshot changes the one before. */
    private static JsonNode mutated(JsonNode node, Random random) {
        if (node instanceof ObjectNode object) {
            if (random.nextInt(3) == 0) {
                object.set("m" + random.nextInt(6), value(random, 2));
            }
            for (var it = object.fields(); it.hasNext(); ) {
                var field = it.next();
                if (random.nextInt(4) == 0) {
                    field.setValue(mutated(field.getValue(), random));
                }
            }
            if (random.nextInt(5) == 0 && object.size() > 0) {
                object.remove(object.fieldNames().next());
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (random.nextInt(3) == 0) {
                    array.set(i, mutated(array.get(i), random));
                }
            }
            return array;
        }
        return random.nextBoolean() ? node : value(random, 1);
    }

    /** The document as a reader of records sees it: a null member and a missing one are the same. */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = Json.mapper().createObjectNode();
            object.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    copy.set(f.getKey(), withoutNulls(f.getValue()));
                }
            });
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = Json.mapper().createArrayNode();
            array.forEach(e -> copy.add(withoutNulls(e)));
            return copy;
        }
        return node;
    }
}
