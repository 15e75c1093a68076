package dev.firebreak.node.api;

/** Latency percentiles in seconds over a recent window, and how many samples they come from. */
public record LatencySummary(long count, double p50Seconds, double p90Seconds, double p99Seconds) {

    /** No samples yet. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0);
}
