package dev.firebreak.lab.simulator;

import dev.firebreak.node.api.LatencySummary;

/** A cumulative latency histogram in seconds, with the bucket bounds vLLM's histograms use for time to first token. */
final class LatencyBuckets {

    /** Upper bounds in seconds; a last bucket without bound (+Inf) follows. */
    static final double[] BOUNDS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5,
            10.0, 20.0, 40.0, 80.0};

    private final long[] counts;
    private double sum;

    LatencyBuckets() {
        this.counts = new long[BOUNDS.length + 1];
    }

    private LatencyBuckets(long[] counts, double sum) {
        this.counts = counts;
        this.sum = sum;
    }

    void observe(double seconds) {
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) {
            i++;
        }
        counts[i]++;
        sum += seconds;
    }

    long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    double sum() {
        return sum;
    }

    /** Observations at or below bound {@code i} (cumulative, as Prometheus's {@code le} buckets count). */
    long cumulative(int i) {
        long n = 0;
        for (int j = 0; j <= i; j++) {
            n += counts[j];
        }
        return n;
    }

    LatencyBuckets copy() {
        return new LatencyBuckets(counts.clone(), sum);
    }

    /** What was observed since {@code earlier}, a copy of this histogram taken before. */
    LatencyBuckets since(LatencyBuckets earlier) {
        long[] diff = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            diff[i] = counts[i] - earlier.counts[i];
        }
        return new LatencyBuckets(diff, sum - earlier.sum);
    }

    /** Percentiles interpolated within buckets, as a Firebreak node's status gives them. */
    LatencySummary summary() {
        long n = count();
        if (n == 0) {
            return LatencySummary.EMPTY;
        }
        return new LatencySummary(n, quantile(0.5, n), quantile(0.9, n), quantile(0.99, n));
    }

    private double quantile(double q, long n) {
        double rank = q * n;
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            if (seen + counts[i] >= rank && counts[i] > 0) {
                double lower = i == 0 ? 0 : BOUNDS[i - 1];
                double upper = i < BOUNDS.length ? BOUNDS[i] : lower * 2;
                return lower + (upper - lower) * (rank - seen) / counts[i];
            }
            seen += counts[i];
        }
        return BOUNDS[BOUNDS.length - 1];
    }
}
