package dev.firebreak.agent.api;

import java.util.List;

/** The body of {@code GET /api/v1/cluster} and of each {@code snapshot} stream event. */
public record ClusterSnapshot(String cluster, long atMillis, List<NodeView> nodes) {

    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
    }
}
