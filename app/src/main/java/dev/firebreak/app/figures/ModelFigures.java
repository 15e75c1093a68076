package dev.firebreak.app.figures;

import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerView;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One model across the cluster, as its overview tile and its row in the model table show it.
 *
 * @param requestsPerSecond requests the model's nodes finished or failed per second, over the last few seconds
 * @param errorPercent share of those that failed, or NaN with no requests
 * @param ttftP99Seconds the worst p99 time to first token among its nodes
 * @param nodesServing nodes that answer, serve and admit the model, and whose breaker is not open
 * @param nodesWarming nodes up but still warming up, about to serve it
 * @param breakers the model's breakers that are not closed
 * @param fallback the fallback model an operator set, or {@code null}
 * @param alert the detectors' finding for the model, or {@code null}
 */
public record ModelFigures(String model, double requestsPerSecond, double errorPercent, double ttftP99Seconds,
                           long kvUsed, long kvTotal, int running, int waiting, int nodesServing, int nodesTotal,
                           int nodesWarming, Health health, List<BreakerView> breakers, String fallback, String alert) {

    public ModelFigures {
        breakers = List.copyOf(breakers);
    }

    /** No node serves it yet, but some are warming up: starting, not down. */
    public boolean startingUp() {
        return nodesServing == 0 && nodesWarming > 0;
    }

    /** Share of the model's KV blocks in use, 0-1. */
    public double kvUsage() {
        return kvTotal == 0 ? 0 : (double) kvUsed / kvTotal;
    }

    /** True when an operator tripped the model's breaker on some node: "Trip all" becomes "Reset all". */
    public boolean anyForcedOpen() {
        return breakers.stream().anyMatch(b -> b.state() == BreakerState.FORCED_OPEN);
    }

    /** "closed", or the breakers that are not, e.g. "OPEN on node-2, HALF_OPEN on node-3". */
    public String breakersText() {
        return breakers.isEmpty() ? "closed"
                : breakers.stream().map(b -> b.state() + " on " + b.nodeId()).collect(Collectors.joining(", "));
    }
}
