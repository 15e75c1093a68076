package dev.firebreak.agent.overrides;

import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.OverrideView;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator decisions in force, as the gateway consults them on every request: what it asks for
 * each candidate node is read from an index made anew at each change (changes are rare, requests
 * are not), so asking allocates nothing.
 */
public final class Overrides {

    private final Map<Long, OverrideView> active = new ConcurrentHashMap<>();
    private volatile Map<String, Routing> routing = Map.of();

    /** A model's reroutes: the nodes it was moved off, and the weights of the latest weighted reroute ({@code null}: none). */
    private record Routing(Set<String> off, Map<String, Double> weights) {
    }

    public synchronized void put(OverrideView override) {
        active.put(override.id(), override);
        reindex();
    }

    public synchronized Optional<OverrideView> remove(long id) {
        Optional<OverrideView> removed = Optional.ofNullable(active.remove(id));
        reindex();
        return removed;
    }

    private void reindex() {
        Map<String, Set<String>> off = new HashMap<>();
        Map<String, OverrideView> weighted = new HashMap<>();
        for (OverrideView o : active.values()) {
            if (o.type() != ActionType.REROUTE) {
                continue;
            }
            if (o.node() != null) {
                off.computeIfAbsent(o.model(), m -> new HashSet<>()).add(o.node());
            } else if (o.weights() != null) {
                weighted.merge(o.model(), o, (a, b) -> a.id() >= b.id() ? a : b);
            }
        }
        Set<String> models = new HashSet<>(off.keySet());
        models.addAll(weighted.keySet());
        Map<String, Routing> index = new HashMap<>();
        for (String model : models) {
            OverrideView latest = weighted.get(model);
            index.put(model, new Routing(Set.copyOf(off.getOrDefault(model, Set.of())),
                    latest == null ? null : Map.copyOf(latest.weights())));
        }
        routing = Map.copyOf(index);
    }

    public Optional<OverrideView> find(long id) {
        return Optional.ofNullable(active.get(id));
    }

    /** True when an operator moved {@code model} off {@code node}, or gave it no share of the model's traffic. */
    public boolean excluded(String model, String node) {
        Routing r = routing.get(model);
        return r != null && (r.off().contains(node) || weightOf(r, node) <= 0);
    }

    /** The share of the model's traffic an operator gave {@code node} (1 without weights; 0 = none). */
    public double weight(String model, String node) {
        Routing r = routing.get(model);
        return r == null ? 1.0 : weightOf(r, node);
    }

    private static double weightOf(Routing r, String node) {
        if (r.weights() == null) {
            return 1.0;
        }
        Double w = r.weights().get(node);
        return w == null ? 0.0 : w;
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
