package dev.firebreak.lab.loadgen;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A load run at one moment: what the console polls.
 *
 * @param windowSeconds how many complete seconds the rates and percentiles of {@link #models} cover
 * @param sending false once the run reached its duration or request count, or was closed
 */
public record LoadStats(double elapsedSeconds, int windowSeconds, int inFlight, boolean sending, List<ModelStats> models) {

    public LoadStats {
        models = List.copyOf(models);
    }

    /** One line for a terminal: elapsed time, in flight, and each model's rates and p99s. */
    public String progressLine() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%5.0fs  in flight %3d", elapsedSeconds, inFlight));
        for (ModelStats m : models) {
            line.append(String.format(Locale.ROOT, "  | %s sent %.0f/s ok %.0f/s err %.0f shed %.0f trunc %.0f p99 ttft %s lat %s",
                    m.model(), m.requestsPerSecond(), m.okPerSecond(), m.errorsPerSecond(), m.shedPerSecond(),
                    m.truncatedPerSecond(), millis(m.p99TtftMillis()), millis(m.p99LatencyMillis())));
        }
        return line.toString();
    }

    /** Milliseconds for a person: {@code 120ms}, or {@code -} when there is no figure. */
    public static String millis(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0fms", value);
    }

    public Optional<ModelStats> model(String name) {
        return models.stream().filter(m -> m.model().equals(name)).findFirst();
    }
}
