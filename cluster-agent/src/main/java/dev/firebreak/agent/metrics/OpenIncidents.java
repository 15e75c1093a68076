package dev.firebreak.agent.metrics;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code firebreak_incidents_open} gauge, by severity. It joins the scrape only once something
 * reports incidents to it, so an agent without incident tracking shows no series rather than a 0
 * that would read as "no incidents".
 */
public final class OpenIncidents {

    private final PrometheusRegistry registry;
    private final Set<String> seen = new HashSet<>();
    private Gauge gauge;

    OpenIncidents(PrometheusRegistry registry) {
        this.registry = registry;
    }

    /** Sets the open incidents per severity; a severity reported before and absent now reads 0. */
    public synchronized void set(Map<String, Integer> bySeverity) {
        if (gauge == null) {
            gauge = Gauge.builder().name("firebreak_incidents_open")
                    .help("Incidents open now (acknowledged or not), by severity.")
                    .labelNames("severity").register(registry);
        }
        seen.addAll(bySeverity.keySet());
        for (String severity : seen) {
            gauge.labelValues(severity).set(bySeverity.getOrDefault(severity, 0));
        }
    }
}
