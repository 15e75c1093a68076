package dev.firebreak.node.registry;

import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.lifecycle.WorkInFlight;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The models a node serves, by name, and the live figures each one counts. */
public final class ModelRegistry implements WorkInFlight {

    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private final Map<String, ModelEntry> models;

    private ModelRegistry(Map<String, ModelEntry> models) {
        this.models = models;
    }

    /**
     * A registry of the named models, in the given order.
     *
     * @throws IllegalArgumentException when the list is empty, a name is malformed or repeated
     */
    public static ModelRegistry of(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a node needs at least one model");
        }
        Map<String, ModelEntry> models = new LinkedHashMap<>();
        for (String name : names) {
            if (!MODEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("model name '" + name
                        + "' must be 1-64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
            }
            if (models.putIfAbsent(name, new ModelEntry(name)) != null) {
                throw new IllegalArgumentException("model '" + name + "' is listed twice");
            }
        }
        return new ModelRegistry(models);
    }

    public Optional<ModelEntry> find(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public List<String> names() {
        return List.copyOf(models.keySet());
    }

    public List<ModelStatus> statuses() {
        return models.values().stream().map(ModelEntry::status).toList();
    }

    /** True when every model admits new work. */
    public boolean allAdmitting() {
        return models.values().stream().allMatch(ModelEntry::admissionOpen);
    }

    @Override
    public int sequences() {
        return models.values().stream().mapToInt(m -> m.sequencesRunning() + m.sequencesWaiting()).sum();
    }

    @Override
    public long kvBlocks() {
        return models.values().stream().mapToLong(ModelEntry::kvBlocksUsed).sum();
    }
}
