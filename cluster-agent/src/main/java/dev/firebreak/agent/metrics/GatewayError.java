package dev.firebreak.agent.metrics;

/** Why a call the gateway sent to a node failed, as the {@code reason} label of its error counter. */
public enum GatewayError {
    /** The node answered 5xx (other than 503, which is a full or draining node). */
    UPSTREAM_STATUS,
    /** The connection failed or timed out, or the node failed while answering. */
    UPSTREAM_FAILED,
    /** The node's stream ended before the answer was complete. */
    TRUNCATED,
    /** The node ended its stream with an error event. */
    ERROR_EVENT;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
