package dev.firebreak.agent.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The SLO events as Prometheus counts them, for the shipped burn-rate rules:
 * {@code firebreak_slo_events_total{model_name, sli, result}} (sli availability or latency, result good
 * or bad) and each model's objective, {@code firebreak_slo_objective_ratio{model_name, sli}}.
 */
public final class SloEvents {

    private final Counter events;
    private final Gauge objectives;

    SloEvents(PrometheusRegistry registry) {
        events = Counter.builder().name("firebreak_slo_events_total")
                .help("Requests counted for a model's service level indicators, by result.")
                .labelNames("model_name", "sli", "result").register(registry);
        objectives = Gauge.builder().name("firebreak_slo_objective_ratio")
                .help("A model's objective for an indicator: the share of events that must be good.")
                .labelNames("model_name", "sli").register(registry);
    }

    /** One event of {@code sli} for {@code model}. */
    public void counted(String model, String sli, boolean good) {
        events.labelValues(model, sli, good ? "good" : "bad").inc();
    }

    /** The objective {@code model} is held to for {@code sli}, 0-1. */
    public void objective(String model, String sli, double ratio) {
        objectives.labelValues(model, sli).set(ratio);
    }
}
