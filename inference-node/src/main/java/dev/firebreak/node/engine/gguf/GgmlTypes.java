package dev.firebreak.node.engine.gguf;

import dev.firebreak.node.engine.tensor.WeightType;

import java.util.Map;
import java.util.Optional;

/** GGML's tensor type ids: the ones Firebreak reads, and the names of the ones it does not. */
final class GgmlTypes {

    private static final Map<Integer, WeightType> SUPPORTED = Map.of(
            0, WeightType.F32, 1, WeightType.F16, 2, WeightType.Q4_0, 8, WeightType.Q8_0);
    private static final Map<Integer, String> OTHERS = Map.ofEntries(
            Map.entry(3, "Q4_1"), Map.entry(6, "Q5_0"), Map.entry(7, "Q5_1"), Map.entry(9, "Q8_1"),
            Map.entry(10, "Q2_K"), Map.entry(11, "Q3_K"), Map.entry(12, "Q4_K"), Map.entry(13, "Q5_K"),
            Map.entry(14, "Q6_K"), Map.entry(15, "Q8_K"), Map.entry(30, "BF16"));

    private GgmlTypes() {
    }

    static Optional<WeightType> weightType(int id) {
        return Optional.ofNullable(SUPPORTED.get(id));
    }

    static int id(WeightType type) {
        return SUPPORTED.entrySet().stream().filter(e -> e.getValue() == type).findFirst().orElseThrow().getKey();
    }

    /** "unsupported type Q4_K (type 12)", or "unknown type 99" for ids GGML does not name here. */
    static String describe(int id) {
        String name = OTHERS.get(id);
        return name == null ? "unknown type " + id : "unsupported type " + name + " (type " + id + ")";
    }
}
