package dev.firebreak.agent.metrics;

import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentSeverity;
import dev.firebreak.agent.api.IncidentState;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class OpenIncidentsTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final OpenIncidents open = new OpenIncidents(registry);

    @Test
    void shouldStayOutOfTheScrapeUntilIncidentsReport() throws IOException {
        assertThat(scrape()).doesNotContain("firebreak_incidents_open");
        open.set(Map.of("warning", 0));
        assertThat(scrape()).contains("firebreak_incidents_open{severity=\"warning\"} 0.0");
    }

    @Test
    void shouldReadZeroForASeverityThatHasNoOpenIncidentLeft() throws IOException {
        open.set(Map.of("critical", 2, "warning", 1));
        open.set(Map.of("warning", 3));
        assertThat(scrape()).contains("firebreak_incidents_open{severity=\"critical\"} 0.0")
                .contains("firebreak_incidents_open{severity=\"warning\"} 3.0");
    }

    @Test
    void shouldCountLiveIncidentsBySeverityWithEverySeverityPresent() {
        Incident leak = incident("inc-1", IncidentSeverity.CRITICAL, IncidentState.OPEN);
        Incident slow = incident("inc-2", IncidentSeverity.WARNING, IncidentState.ACKNOWLEDGED);
        Incident over = incident("inc-3", IncidentSeverity.CRITICAL, IncidentState.RESOLVED);
        assertThat(OpenIncidents.bySeverity(List.of(leak, slow, over))).containsExactly(entry("critical", 1), entry("warning", 1));
        assertThat(OpenIncidents.bySeverity(List.of())).containsExactly(entry("critical", 0), entry("warning", 0));
    }

    private static Incident incident(String id, IncidentSeverity severity, IncidentState state) {
        return new Incident(id, severity, state, "t", "node-1", List.of(), 0, state == IncidentState.RESOLVED ? 1L : null,
                List.of(), List.of(), List.of(), null, null);
    }

    private String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
