package dev.firebreak.agent.api;

/**
 * Something that happened in the cluster, as the stream's non-snapshot events carry it.
 *
 * @param type what happened, e.g. {@code node-down}, {@code node-up}, {@code node-state}
 * @param nodeId the node concerned, or {@code null} for cluster-wide events
 * @param message one line an operator can read
 */
public record ClusterEvent(String type, long atMillis, String nodeId, String message) {
}
