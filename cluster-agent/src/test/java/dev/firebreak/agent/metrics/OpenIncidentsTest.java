package dev.firebreak.agent.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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

    private String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
