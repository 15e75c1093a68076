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

    /**
     * Adds {@code firebreak_requests_rejected_total{status,code}} over these counts to {@code registry}:
     * one name and shape for the node's and the gateway's refusals, so one query reads both.
     */
    public void registerIn(io.prometheus.metrics.model.registry.PrometheusRegistry registry) {
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("firebreak_requests_rejected")
                .help("OpenAI API requests refused before or instead of generating, by HTTP status and error code.")
                .labelNames("status", "code")
                .callback(cb -> snapshot().forEach((kind, n) -> cb.call(n, Integer.toString(kind.status()), kind.code())))
                .register(registry);
    }

    /** Every kind seen so far with its count. */
    public Map<Kind, Long> snapshot() {
        Map<Kind, Long> copy = new java.util.HashMap<>();
        counts.forEach((kind, n) -> copy.put(kind, n.sum()));
        return copy;
    }
}
