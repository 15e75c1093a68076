package dev.firebreak.lab.loadgen;

/**
 * One model's traffic over the last few complete seconds (rates per second, percentiles in
 * milliseconds, NaN when nothing ended), and its totals since the start.
 *
 * @param targetRps the arrival rate currently set
 */
public record ModelStats(String model, double targetRps, double requestsPerSecond, double okPerSecond,
                         double errorsPerSecond, double shedPerSecond, double truncatedPerSecond,
                         double p50TtftMillis, double p99TtftMillis, double p50LatencyMillis, double p99LatencyMillis,
                         ModelTotals totals) {
}
