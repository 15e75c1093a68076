package dev.firebreak.agent.api;

/**
 * The circuit breaker of one model on one node, as the gateway sees it.
 *
 * @param failureRatePercent share of recent calls that failed, or -1 before enough calls
 */
public record BreakerView(String model, String nodeId, BreakerState state, float failureRatePercent, int bufferedCalls) {
}
