package dev.firebreak.agent.api;

/**
 * The circuit breaker of one model on one node, as the gateway sees it.
 *
 * @param failureRatePercent share of recent calls that failed, or -1 before enough calls
 * @param reason why it is in its state, in an operator's words; {@code null} for a breaker that never left CLOSED
 */
public record BreakerView(String model, String nodeId, BreakerState state, float failureRatePercent, int bufferedCalls,
                          String reason) {

    /** A breaker with no reason given. */
    public BreakerView(String model, String nodeId, BreakerState state, float failureRatePercent, int bufferedCalls) {
        this(model, nodeId, state, failureRatePercent, bufferedCalls, null);
    }
}
