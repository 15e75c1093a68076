package dev.firebreak.node.engine.batch;

import dev.firebreak.node.api.LatencySummary;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies in microseconds over roughly the last minute: two HdrHistograms, the older dropped
 * every half minute, so percentiles follow what is happening now rather than since start.
 */
public final class WindowedHistogram {

    private static final long HALF_WINDOW_NANOS = 30_000_000_000L;
    private static final long MAX_MICROS = 3_600_000_000L;

    private volatile ConcurrentHistogram current = new ConcurrentHistogram(MAX_MICROS, 2);
    private volatile ConcurrentHistogram previous = new ConcurrentHistogram(MAX_MICROS, 2);
    private volatile long rotatedAt = System.nanoTime();

    public void recordValue(long micros) {
        rotateIfDue();
        current.recordValue(Math.max(0, Math.min(micros, MAX_MICROS)));
    }

    private synchronized void rotateIfDue() {
        if (System.nanoTime() - rotatedAt > HALF_WINDOW_NANOS) {
            previous = current;
            current = new ConcurrentHistogram(MAX_MICROS, 2);
            rotatedAt = System.nanoTime();
        }
    }

    /** p50, p90, p99 in seconds over the window. */
    public LatencySummary summary() {
        rotateIfDue();
        Histogram merged = new Histogram(MAX_MICROS, 2);
        merged.add(previous);
        merged.add(current);
        if (merged.getTotalCount() == 0) {
            return LatencySummary.EMPTY;
        }
        return new LatencySummary(merged.getTotalCount(), merged.getValueAtPercentile(50) / 1e6,
                merged.getValueAtPercentile(90) / 1e6, merged.getValueAtPercentile(99) / 1e6);
    }
}
