package dev.firebreak.agent.api;

import dev.firebreak.node.api.LatencySummary;

import java.util.Map;

/**
 * The figures of one model on one node, whatever its engine. A {@code null} figure is one this
 * engine does not give, or one dropped from this scrape because it was malformed: {@code unavailable}
 * maps the figure's field name to why, so a reader shows "n/a" with the reason rather than 0.
 *
 * @param admissionOpen whether the node (or, for an engine without admission control, the gateway) admits new requests
 * @param requestsByOutcome finished requests since the engine started, by finish reason ({@code stop}, {@code length}, ...)
 * @param promptTokens prompt tokens processed since the engine started
 * @param generationTokens tokens generated since the engine started
 */
public record ModelReport(String model, boolean admissionOpen, KvReport kv, Integer sequencesRunning, Integer sequencesWaiting,
                          Double tokensPerSecond, Map<String, Long> requestsByOutcome, LatencySummary timeToFirstToken,
                          LatencySummary timePerOutputToken, LatencySummary endToEnd, Long preemptions, Long promptTokens,
                          Long generationTokens, Map<String, String> unavailable) {

    public ModelReport {
        kv = kv == null ? KvReport.UNKNOWN : kv;
        requestsByOutcome = requestsByOutcome == null ? null : Map.copyOf(requestsByOutcome);
        unavailable = unavailable == null ? Map.of() : Map.copyOf(unavailable);
    }

    /** The same figures with admission {@code open}. */
    public ModelReport withAdmission(boolean open) {
        return new ModelReport(model, open, kv, sequencesRunning, sequencesWaiting, tokensPerSecond, requestsByOutcome,
                timeToFirstToken, timePerOutputToken, endToEnd, preemptions, promptTokens, generationTokens, unavailable);
    }
}
