package dev.firebreak.agent.metrics;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentSeverity;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
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

    /** The live incidents counted by severity, every severity present (0 when none is open), as {@link #set} takes them. */
    public static Map<String, Integer> bySeverity(List<Incident> live) {
        Map<String, Integer> counts = new TreeMap<>();
        for (IncidentSeverity s : IncidentSeverity.values()) {
            counts.put(s.name().toLowerCase(Locale.ROOT), 0);
        }
        live.stream().filter(Incident::live).forEach(i -> counts.merge(i.severity().name().toLowerCase(Locale.ROOT), 1, Integer::sum));
        return counts;
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
