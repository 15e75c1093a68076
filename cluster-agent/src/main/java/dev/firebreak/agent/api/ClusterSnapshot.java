package dev.firebreak.agent.api;

import java.util.List;

/**
 * The body of {@code GET /api/v1/cluster} and of each {@code snapshot} stream event.
 *
 * @param breakers every (model, node) circuit breaker the gateway has used
 */
public record ClusterSnapshot(String cluster, long atMillis, List<NodeView> nodes, List<BreakerView> breakers) {

    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
        breakers = breakers == null ? List.of() : List.copyOf(breakers);
    }

    public ClusterSnapshot(String cluster, long atMillis, List<NodeView> nodes) {
        this(cluster, atMillis, nodes, List.of());
    }

    public ClusterSnapshot withBreakers(List<BreakerView> views) {
        return new ClusterSnapshot(cluster, atMillis, nodes, views);
    }
}
