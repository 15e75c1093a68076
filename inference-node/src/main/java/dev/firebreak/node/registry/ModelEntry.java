package dev.firebreak.node.registry;

import dev.firebreak.node.api.KvCacheStatus;
import dev.firebreak.node.api.LatencySummary;
import dev.firebreak.node.api.ModelStatus;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One model on this node and the figures it counts. Until the engine is attached (issue 3 and 4)
 * nothing runs, so every counter stays at zero: they are still the real counters, not placeholders.
 */
public final class ModelEntry {

    private final String name;
    private volatile boolean admissionOpen = true;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder preemptions = new LongAdder();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

    ModelEntry(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public boolean admissionOpen() {
        return admissionOpen;
    }

    public void setAdmissionOpen(boolean open) {
        this.admissionOpen = open;
    }

    public int sequencesRunning() {
        return running.get();
    }

    public int sequencesWaiting() {
        return waiting.get();
    }

    public long kvBlocksUsed() {
        return 0;
    }

    /** Counts one finished request by its outcome (a finish reason, or an error code). */
    public void countOutcome(String outcome) {
        outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
    }

    public ModelStatus status() {
        Map<String, Long> byOutcome = new TreeMap<>();
        outcomes.forEach((outcome, count) -> byOutcome.put(outcome, count.sum()));
        return new ModelStatus(name, admissionOpen, new KvCacheStatus(0, 0, 0, 0, 0, 0),
                running.get(), waiting.get(), 0.0, byOutcome, LatencySummary.EMPTY, LatencySummary.EMPTY,
                preemptions.sum());
    }
}
