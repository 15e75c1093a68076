package dev.firebreak.agent.api;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * A circuit breaker of one model on one node changed state, as the gateway saw it and the stream
 * carries it in its {@code breaker} events.
 *
 * @param failureRatePercent share of recent calls that failed when it changed, or -1 before enough calls
 * @param reason why, in an operator's words (the finding that opened it, the calls that failed, the operator's
 *               action); {@code null} only from a sender older than the field
 */
public record BreakerTransition(String model, String nodeId, CircuitBreaker.State from, CircuitBreaker.State to,
                                float failureRatePercent, String reason) {

    /** A change with no reason given. */
    public BreakerTransition(String model, String nodeId, CircuitBreaker.State from, CircuitBreaker.State to,
                             float failureRatePercent) {
        this(model, nodeId, from, to, failureRatePercent, null);
    }

    /** True when the breaker now keeps calls away from the node (opened by itself or forced by an operator). */
    public boolean opened() {
        return to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN;
    }

    /** One line an operator can read. */
    public String describe() {
        return "breaker " + model + " on " + nodeId + ": " + from + " -> " + to + (reason == null ? "" : ": " + reason);
    }
}
