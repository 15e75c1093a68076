package dev.firebreak.node.openai;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Requests refused with an error, counted by HTTP status and the error's machine-readable code, for metrics. */
public final class RejectionCounts {

    /** One kind of refusal. */
    public record Kind(int status, String code) {
    }

    private final Map<Kind, LongAdder> counts = new ConcurrentHashMap<>();

    void count(int status, String code) {
        counts.computeIfAbsent(new Kind(status, code == null ? "unknown" : code), k -> new LongAdder()).increment();
    }

    /** Every kind seen so far with its count. */
    public Map<Kind, Long> snapshot() {
        Map<Kind, Long> copy = new java.util.HashMap<>();
        counts.forEach((kind, n) -> copy.put(kind, n.sum()));
        return copy;
    }
}
