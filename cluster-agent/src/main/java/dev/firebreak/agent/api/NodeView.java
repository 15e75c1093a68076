package dev.firebreak.agent.api;

import dev.firebreak.node.api.NodeStatus;

/**
 * What the agent knows of one node. Times are epoch milliseconds.
 *
 * @param status the node's last status report, or {@code null} if it never answered
 * @param lastSeenMillis when the node last answered, 0 if never
 * @param healthSinceMillis when {@code health} last changed
 * @param lastError why the last scrape failed, or {@code null} when it succeeded
 */
public record NodeView(String id, String url, NodeHealth health, NodeStatus status, long lastSeenMillis,
                       long healthSinceMillis, String lastError) {
}
