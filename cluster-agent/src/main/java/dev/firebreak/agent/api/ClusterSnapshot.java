package dev.firebreak.agent.api;

import java.util.List;

/**
 * The body of {@code GET /api/v1/cluster} and of each {@code snapshot} stream event.
 *
 * @param breakers every (model, node) circuit breaker the gateway has used
 * @param overrides operator decisions in force
 * @param alerts the detectors' findings in force
 * @param kvThreshold the gateway's {@code gateway.kvThreshold}: a node whose KV usage for a model is at or above this
 *                    share gets no new requests for it; 0 in a snapshot of the nodes alone, before the gateway's view is added
 * @param actionsUnavailable why this agent takes no action now ("actions unavailable: state store down ..."), or
 *                    {@code null} when it does; the gateway routes either way
 */
public record ClusterSnapshot(String cluster, long atMillis, List<NodeView> nodes, List<BreakerView> breakers,
                              List<OverrideView> overrides, List<Alert> alerts, double kvThreshold,
                              String actionsUnavailable) {

    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
        breakers = breakers == null ? List.of() : List.copyOf(breakers);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    public ClusterSnapshot(String cluster, long atMillis, List<NodeView> nodes) {
        this(cluster, atMillis, nodes, List.of(), List.of(), List.of(), 0);
    }

    /** A snapshot of an agent that takes actions. */
    public ClusterSnapshot(String cluster, long atMillis, List<NodeView> nodes, List<BreakerView> breakers,
                           List<OverrideView> overrides, List<Alert> alerts, double kvThreshold) {
        this(cluster, atMillis, nodes, breakers, overrides, alerts, kvThreshold, null);
    }

    /** The same nodes with the gateway's breakers and KV threshold, the operator overrides and the detectors' alerts in force. */
    public ClusterSnapshot with(List<BreakerView> breakerViews, List<OverrideView> overrideViews, List<Alert> alertViews,
                                double gatewayKvThreshold) {
        return new ClusterSnapshot(cluster, atMillis, nodes, breakerViews, overrideViews, alertViews, gatewayKvThreshold,
                actionsUnavailable);
    }

    /** The same snapshot of an agent that takes no action now, and why ({@code null}: it does). */
    public ClusterSnapshot withActionsUnavailable(String why) {
        return new ClusterSnapshot(cluster, atMillis, nodes, breakers, overrides, alerts, kvThreshold, why);
    }
}
