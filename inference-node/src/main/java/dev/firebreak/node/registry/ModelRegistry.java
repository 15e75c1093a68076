package dev.firebreak.node.registry;

import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.engine.batch.Engine;
import dev.firebreak.node.engine.batch.ModelScheduler;
import dev.firebreak.node.lifecycle.WorkInFlight;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models a node serves, by name: their admission switch and the live figures of their engine. */
public final class ModelRegistry implements WorkInFlight {

    private final Engine engine;
    private final Map<String, ModelEntry> models = new LinkedHashMap<>();

    public ModelRegistry(Engine engine) {
        this.engine = engine;
        for (ModelScheduler scheduler : engine.models()) {
            models.put(scheduler.name(), new ModelEntry(scheduler));
        }
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
        return engine.sequences();
    }

    @Override
    public long kvBlocks() {
        return models.values().stream().mapToLong(ModelEntry::kvBlocksUsed).sum();
    }
}
