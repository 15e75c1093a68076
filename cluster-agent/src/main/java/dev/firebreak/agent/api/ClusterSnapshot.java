package dev.firebreak.agent.api;

import java.util.List;

/**
 * The body of {@code GET /api/v1/cluster} and of each {@code snapshot} stream event.
 *
 * @param breakers every (model, node) circuit breaker the gateway has used
 * @param overrides operator decisions in force
 * @param alerts the detectors' findings in force
 */
public record ClusterSnapshot(String cluster, long atMillis, List<NodeView> nodes, List<BreakerView> breakers,
                              List<OverrideView> overrides, List<Alert> alerts) {

    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
        breakers = breakers == null ? List.of() : List.copyOf(breakers);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    public ClusterSnapshot(String cluster, long atMillis, List<NodeView> nodes) {
        this(cluster, atMillis, nodes, List.of(), List.of(), List.of());
    }

    /** The same nodes with the gateway's breakers, the operator overrides and the detectors' alerts in force. */
    public ClusterSnapshot with(List<BreakerView> breakerViews, List<OverrideView> overrideViews, List<Alert> alertViews) {
        return new ClusterSnapshot(cluster, atMillis, nodes, breakerViews, overrideViews, alertViews);
    }
}
