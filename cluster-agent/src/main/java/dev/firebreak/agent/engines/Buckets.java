package dev.firebreak.agent.engines;

import dev.firebreak.node.api.LatencySummary;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One Prometheus histogram series at one scrape: cumulative counts by upper bound ({@code le}).
 * Percentiles come from the difference between two scrapes, interpolated linearly inside the
 * bucket the rank falls in, as PromQL's {@code histogram_quantile} does.
 */
record Buckets(NavigableMap<Double, Double> cumulative) {

    static final Buckets EMPTY = new Buckets(new TreeMap<>());

    Buckets {
        cumulative = new TreeMap<>(cumulative);
    }

    /** What was counted after {@code earlier}; all of this if a bucket went down (the engine restarted, its counters reset). */
    Buckets since(Buckets earlier) {
        boolean reset = false;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            Double before = earlier.cumulative.get(e.getKey());
            reset |= before != null && e.getValue() < before;
        }
        if (reset || !earlier.cumulative.keySet().equals(cumulative.keySet())) {
            return this;
        }
        TreeMap<Double, Double> diff = new TreeMap<>();
        cumulative.forEach((le, count) -> diff.put(le, count - earlier.cumulative.get(le)));
        return new Buckets(diff);
    }

    /** Observations counted: the {@code +Inf} bucket. */
    double count() {
        Double all = cumulative.get(Double.POSITIVE_INFINITY);
        return all == null ? 0 : all;
    }

    /**
     * The {@code q} quantile, or NaN when it cannot be told: no {@code +Inf} bucket, fewer than two
     * buckets (nothing to interpolate between), or nothing observed.
     */
    double quantile(double q) {
        if (cumulative.size() < 2 || !cumulative.containsKey(Double.POSITIVE_INFINITY) || count() <= 0) {
            return Double.NaN;
        }
        double rank = q * count();
        double lowerBound = 0;
        double lowerCount = 0;
        double highestFinite = cumulative.lowerKey(Double.POSITIVE_INFINITY);
        double running = 0;
        boolean first = true;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            double upper = e.getKey();
            running = Math.max(running, e.getValue()); // PromQL mends buckets that are not monotonic the same way
            if (running >= rank) {
                if (upper == Double.POSITIVE_INFINITY) {
                    return highestFinite;
                }
                if (first && upper <= 0) {
                    return upper;
                }
                double inBucket = running - lowerCount;
                return inBucket <= 0 ? upper : lowerBound + (upper - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = upper;
            lowerCount = running;
            first = false;
        }
        return highestFinite;
    }

    /** p50, p90 and p99 of what was counted, or {@code null} when no quantile can be told (see {@link #quantile}). */
    LatencySummary summary() {
        if (count() <= 0) {
            return cumulative.size() < 2 ? null : LatencySummary.EMPTY;
        }
        double p50 = quantile(0.5);
        if (Double.isNaN(p50)) {
            return null;
        }
        return new LatencySummary(Math.round(count()), p50, quantile(0.9), quantile(0.99));
    }
}
