package dev.firebreak.agent.api;

/**
 * What the agent knows of one node. Times are epoch milliseconds.
 *
 * @param kind the engine the node runs, which decides what the agent reads of it
 * @param status the node's last scrape in the agent's common shape, or {@code null} if it never answered
 * @param lastSeenMillis when the node last answered, 0 if never
 * @param healthSinceMillis when {@code health} last changed
 * @param lastError why the last scrape failed, or {@code null} when it succeeded
 */
public record NodeView(String id, String url, NodeKind kind, NodeHealth health, NodeReport status, long lastSeenMillis,
                       long healthSinceMillis, String lastError) {

    public NodeView {
        kind = kind == null ? NodeKind.FIREBREAK : kind;
    }
}
