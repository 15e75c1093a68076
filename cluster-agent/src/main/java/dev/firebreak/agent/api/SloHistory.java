package dev.firebreak.agent.api;

import java.util.List;

/**
 * {@code GET /api/v1/slo/history?from=&to=&bucketMinutes=}: each model's SLO events per bucket over
 * [{@code fromMillis}, {@code toMillis}), with its objectives, for reports and budget charts. A
 * bucket with no events is absent.
 */
public record SloHistory(long fromMillis, long toMillis, long bucketMillis, List<Objective> objectives, List<SloBucket> buckets) {

    public SloHistory {
        objectives = List.copyOf(objectives);
        buckets = List.copyOf(buckets);
    }

    /** A model's objectives as shares, 0-1, and its latency threshold. */
    public record Objective(String model, double availability, double latency, long latencyThresholdMillis) {
    }
}
