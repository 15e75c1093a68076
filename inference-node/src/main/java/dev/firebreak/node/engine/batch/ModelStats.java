package dev.firebreak.node.engine.batch;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The live figures of one model's engine, written by the engine thread, read by status and metrics. */
public final class ModelStats {

    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger waiting = new AtomicInteger();
    final LongAdder preemptions = new LongAdder();
    final LongAdder generatedTokens = new LongAdder();
    final WindowedHistogram timeToFirstToken = new WindowedHistogram();
    final WindowedHistogram timePerOutputToken = new WindowedHistogram();
    final WindowedHistogram endToEnd = new WindowedHistogram();
    final LongAdder promptTokens = new LongAdder();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private volatile LatencyListener listener = LatencyListener.NONE;
    /** Off during the node's warm-up: its requests are not traffic, and their cold latencies would read as trouble. */
    private volatile boolean recording = true;
    private long lastTokens;
    private long lastNanos = System.nanoTime();
    private double tokensPerSecond;

    /** Sends every latency measured from now on to {@code listener} too. */
    public void listen(LatencyListener next) {
        this.listener = next;
    }

    /**
     * Whether finished requests count from now on (latencies, outcomes). Tokens and the live gauges
     * always do: they are work the engine did, and a detector that saw sequences running with no
     * tokens coming out would call it a stall.
     */
    public void recording(boolean on) {
        recording = on;
    }

    void record(LatencyListener.Kind kind, long micros) {
        if (!recording) {
            return;
        }
        WindowedHistogram histogram = switch (kind) {
            case TIME_TO_FIRST_TOKEN -> timeToFirstToken;
            case TIME_PER_OUTPUT_TOKEN -> timePerOutputToken;
            case END_TO_END -> endToEnd;
        };
        histogram.recordValue(micros);
        listener.observe(kind, micros / 1e6);
    }

    public long promptTokens() {
        return promptTokens.sum();
    }

    void countOutcome(String outcome) {
        if (!recording) {
            return;
        }
        outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
    }

    public int running() {
        return running.get();
    }

    public int waiting() {
        return waiting.get();
    }

    public long preemptions() {
        return preemptions.sum();
    }

    public long generatedTokens() {
        return generatedTokens.sum();
    }

    /** Finished requests by outcome: finish reasons ("stop", "length") and error codes. */
    public Map<String, Long> outcomes() {
        Map<String, Long> copy = new TreeMap<>();
        outcomes.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    public WindowedHistogram timeToFirstToken() {
        return timeToFirstToken;
    }

    public WindowedHistogram timePerOutputToken() {
        return timePerOutputToken;
    }

    public WindowedHistogram endToEnd() {
        return endToEnd;
    }

    /** Tokens generated per second since the previous call (at least half a second ago). */
    public synchronized double tokensPerSecond() {
        long now = System.nanoTime();
        if (now - lastNanos >= 500_000_000L) {
            long tokens = generatedTokens.sum();
            tokensPerSecond = (tokens - lastTokens) / ((now - lastNanos) / 1e9);
            lastTokens = tokens;
            lastNanos = now;
        }
        return tokensPerSecond;
    }
}
