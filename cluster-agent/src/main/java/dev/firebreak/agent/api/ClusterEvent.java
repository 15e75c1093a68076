package dev.firebreak.agent.api;

/**
 * Something that happened in the cluster, as the stream's non-snapshot events carry it.
 *
 * @param type what happened, e.g. {@code node-down}, {@code node-up}, {@code node-state}, {@code breaker}
 * @param nodeId the node concerned, or {@code null} for cluster-wide events
 * @param message one line an operator can read
 * @param breaker for a {@code breaker} event, the change itself; {@code null} for every other event
 */
public record ClusterEvent(String type, long atMillis, String nodeId, String message, BreakerTransition breaker) {

    /** An event that is not about a breaker. */
    public ClusterEvent(String type, long atMillis, String nodeId, String message) {
        this(type, atMillis, nodeId, message, null);
    }

    /** A breaker's change of state. */
    public static ClusterEvent of(BreakerTransition change, long atMillis) {
        return new ClusterEvent("breaker", atMillis, change.nodeId(), change.describe(), change);
    }
}
