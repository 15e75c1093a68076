package dev.firebreak.agent.overrides;

import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.OverrideView;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The operator decisions in force, as the gateway consults them on every request. */
public final class Overrides {

    private final Map<Long, OverrideView> active = new ConcurrentHashMap<>();

    public void put(OverrideView override) {
        active.put(override.id(), override);
    }

    public Optional<OverrideView> remove(long id) {
        return Optional.ofNullable(active.remove(id));
    }

    public Optional<OverrideView> find(long id) {
        return Optional.ofNullable(active.get(id));
    }

    /** True when an operator moved {@code model} off {@code node}. */
    public boolean excluded(String model, String node) {
        return active.values().stream().anyMatch(o -> o.type() == ActionType.REROUTE && o.model().equals(model)
                && node.equals(o.node())) || weight(model, node) <= 0;
    }

    /** The share of the model's traffic an operator gave {@code node} (1 without weights; 0 = none). */
    public double weight(String model, String node) {
        return active.values().stream().filter(o -> o.type() == ActionType.REROUTE && o.model().equals(model)
                        && o.node() == null && o.weights() != null)
                .max(Comparator.comparingLong(OverrideView::id))
                .map(o -> o.weights().getOrDefault(node, 0.0)).orElse(1.0);
    }

    /** The fallback an operator set for {@code model}, the latest if several. */
    public Optional<String> fallback(String model) {
        return active.values().stream().filter(o -> o.type() == ActionType.SET_FALLBACK && o.model().equals(model))
                .max(Comparator.comparingLong(OverrideView::id)).map(OverrideView::fallback);
    }

    public List<OverrideView> list() {
        return active.values().stream().sorted(Comparator.comparingLong(OverrideView::id)).toList();
    }
}
