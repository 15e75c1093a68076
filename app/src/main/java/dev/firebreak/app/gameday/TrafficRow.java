package dev.firebreak.app.gameday;

import dev.firebreak.lab.loadgen.ModelStats;

import java.util.Locale;

/**
 * One model's line of the traffic panel.
 *
 * @param target the rate asked of the generator, e.g. "2.0 req/s"
 * @param seen what its clients see through the gateway
 */
public record TrafficRow(String model, double targetRps, String target, String seen) {

    static TrafficRow of(ModelStats m) {
        return new TrafficRow(m.model(), m.targetRps(), String.format(Locale.ROOT, "%.1f req/s", m.targetRps()),
                String.format(Locale.ROOT, "answered %.1f/s · errors %.1f/s · shed %.1f/s · truncated %.1f/s · p99 %s",
                        m.okPerSecond(), m.errorsPerSecond(), m.shedPerSecond(), m.truncatedPerSecond(),
                        Double.isNaN(m.p99LatencyMillis()) ? "—" : String.format(Locale.ROOT, "%.0f ms", m.p99LatencyMillis())));
    }
}
