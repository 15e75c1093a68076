package dev.firebreak.lab.loadgen;

import org.HdrHistogram.Histogram;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model's figures, per second and in total. Seconds are sealed into {@link SecondStats} once
 * past; histograms are kept only for the last {@link #HISTOGRAM_SECONDS} seconds, so memory stays
 * bounded however long the run.
 */
final class ModelRecorder {

    static final int HISTOGRAM_SECONDS = 60;
    static final int RETAINED_SECONDS = 3600;
    private static final long HIGHEST_MICROS = 3_600_000_000L;

    /** The figures of one second while it is open. */
    private static final class Bucket {
        long sent;
        long ok;
        long errors;
        long shed;
        long truncated;
        final Histogram ttft = new Histogram(HIGHEST_MICROS, 2);
        final Histogram latency = new Histogram(HIGHEST_MICROS, 2);

        void add(RequestResult r) {
            switch (r.outcome()) {
                case OK -> ok++;
                case ERROR -> errors++;
                case SHED -> shed++;
                case TRUNCATED -> truncated++;
            }
            // Latency of answers and of failures alike: a timeout is slow, a shed is fast.
            latency.recordValue(Math.clamp(r.latencyMicros(), 0, HIGHEST_MICROS));
            if (r.ttftMicros() >= 0) {
                ttft.recordValue(Math.clamp(r.ttftMicros(), 0, HIGHEST_MICROS));
            }
        }
    }

    private final String model;
    private final long startEpochMillis;
    private final TreeMap<Long, Bucket> open = new TreeMap<>();
    private final Deque<SecondStats> sealed = new ArrayDeque<>();
    private final Deque<Bucket> recent = new ArrayDeque<>();
    private final Bucket total = new Bucket();
    private final Map<String, Long> errorCodes = new HashMap<>();
    private long nextToSeal;

    ModelRecorder(String model, long startEpochMillis) {
        this.model = model;
        this.startEpochMillis = startEpochMillis;
    }

    String model() {
        return model;
    }

    synchronized void sent(long second) {
        bucket(second).sent++;
        total.sent++;
    }

    synchronized void ended(long second, RequestResult result) {
        bucket(second).add(result);
        total.add(result);
        if (result.errorCode() != null) {
            errorCodes.merge(result.errorCode(), 1L, Long::sum);
        }
    }

    /** A result racing the seal of its second goes to the first open one. */
    private Bucket bucket(long second) {
        return open.computeIfAbsent(Math.max(second, nextToSeal), s -> new Bucket());
    }

    /** Seals every second before {@code current}, empty ones too, so the series has no gaps. */
    synchronized void sealBefore(long current) {
        for (long s = nextToSeal; s < current; s++) {
            Bucket b = open.remove(s);
            if (b == null) {
                b = new Bucket();
            }
            sealed.addLast(new SecondStats(model, s, startEpochMillis + s * 1000, b.sent, b.ok, b.errors, b.shed,
                    b.truncated, millis(b.ttft, 50), millis(b.ttft, 99), millis(b.latency, 50), millis(b.latency, 99)));
            recent.addLast(b);
            if (sealed.size() > RETAINED_SECONDS) {
                sealed.removeFirst();
            }
            if (recent.size() > HISTOGRAM_SECONDS) {
                recent.removeFirst();
            }
        }
        nextToSeal = Math.max(nextToSeal, current);
    }

    synchronized List<SecondStats> series() {
        return new ArrayList<>(sealed);
    }

    /** Rates and percentiles over the last {@code window} sealed seconds (fewer at the start). */
    synchronized ModelStats stats(int window, double targetRps) {
        Bucket sum = new Bucket();
        int n = 0;
        for (Iterator<Bucket> it = recent.descendingIterator(); it.hasNext() && n < window; n++) {
            Bucket b = it.next();
            sum.sent += b.sent;
            sum.ok += b.ok;
            sum.errors += b.errors;
            sum.shed += b.shed;
            sum.truncated += b.truncated;
            sum.ttft.add(b.ttft);
            sum.latency.add(b.latency);
        }
        double seconds = Math.max(1, n);
        return new ModelStats(model, targetRps, sum.sent / seconds, sum.ok / seconds, sum.errors / seconds,
                sum.shed / seconds, sum.truncated / seconds, millis(sum.ttft, 50), millis(sum.ttft, 99),
                millis(sum.latency, 50), millis(sum.latency, 99), totals());
    }

    synchronized ModelTotals totals() {
        return new ModelTotals(total.sent, total.ok, total.errors, total.shed, total.truncated, errorCodes,
                millis(total.ttft, 50), millis(total.ttft, 99), millis(total.latency, 50), millis(total.latency, 99));
    }

    static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
