package dev.firebreak.node.api;

import java.util.Map;

/** The figures of one model on one node, as counted by the node's model registry. */
public record ModelStatus(
        String model,
        boolean admissionOpen,
        KvCacheStatus kv,
        int sequencesRunning,
        int sequencesWaiting,
        double tokensPerSecond,
        Map<String, Long> requestsByOutcome,
        LatencySummary timeToFirstToken,
        LatencySummary endToEnd,
        long preemptions) {

    public ModelStatus {
        requestsByOutcome = Map.copyOf(requestsByOutcome);
    }
}
