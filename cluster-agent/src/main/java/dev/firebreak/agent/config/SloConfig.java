package dev.firebreak.agent.config;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service level objectives the agent measures each model against, from {@code slo:} in its
 * configuration: a rolling window, an availability objective (the share of requests that succeed)
 * and a latency objective (the share whose time to first token is under a threshold), defaults for
 * every model and overrides per model. Durations carry their unit ({@code 28d}, {@code 2s},
 * {@code 500ms}); objectives are percentages above 0 and below 100 (100 leaves no error budget).
 *
 * @param countShed whether a request shed with 429 counts against availability (it does by default:
 *                  the client got no answer); other 4xx never count
 */
public record SloConfig(String window, Double availability, String latencyThreshold, Double latency, Boolean countShed,
                        List<ModelSlo> models) {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

    /** One model's objectives; a field left out takes the default. */
    public record ModelSlo(String model, Double availability, String latencyThreshold, Double latency) {
    }

    /** One model's objectives, resolved and in base units. */
    public record Objective(String model, long windowMillis, double availability, long latencyThresholdMillis,
                            double latency, boolean countShed) {
    }

    public SloConfig {
        window = window == null ? "28d" : window;
        availability = availability == null ? 99.5 : availability;
        latencyThreshold = latencyThreshold == null ? "2s" : latencyThreshold;
        latency = latency == null ? 99.0 : latency;
        countShed = countShed == null || countShed;
        models = models == null ? List.of() : List.copyOf(models);
        if (millis("slo.window", window) <= 0) {
            throw new IllegalArgumentException("slo.window must be longer than 0, got '" + window + "'");
        }
        percent("slo.availability", availability);
        millis("slo.latencyThreshold", latencyThreshold);
        percent("slo.latency", latency);
        Set<String> names = new HashSet<>();
        for (ModelSlo m : models) {
            if (m.model() == null || m.model().isBlank()) {
                throw new IllegalArgumentException("slo.models: every entry needs a model name");
            }
            if (!names.add(m.model())) {
                throw new IllegalArgumentException("slo.models: '" + m.model() + "' is listed twice");
            }
            String at = "slo.models[" + m.model() + "].";
            if (m.availability() != null) {
                percent(at + "availability", m.availability());
            }
            if (m.latencyThreshold() != null) {
                millis(at + "latencyThreshold", m.latencyThreshold());
            }
            if (m.latency() != null) {
                percent(at + "latency", m.latency());
            }
        }
    }

    public static SloConfig defaults() {
        return new SloConfig(null, null, null, null, null, null);
    }

    /** The objectives {@code model} is held to: its own where listed, the defaults for the rest. */
    public Objective objective(String model) {
        ModelSlo own = models.stream().filter(m -> m.model().equals(model)).findFirst()
                .orElse(new ModelSlo(model, null, null, null));
        return new Objective(model, millis("slo.window", window),
                ratio(own.availability() != null ? own.availability() : availability),
                millis("slo.latencyThreshold", own.latencyThreshold() != null ? own.latencyThreshold() : latencyThreshold),
                ratio(own.latency() != null ? own.latency() : latency), countShed);
    }

    /** A percentage as a share, without the binary rounding of a division (99.9 gives 0.999, not 0.9990000000000001). */
    private static double ratio(double percent) {
        return java.math.BigDecimal.valueOf(percent).movePointLeft(2).doubleValue();
    }

    private static void percent(String setting, double value) {
        if (!(value > 0 && value < 100)) {
            throw new IllegalArgumentException(setting + " must be a percentage above 0 and below 100 (100 leaves no error budget), got "
                    + value);
        }
    }

    /** A duration with its unit, in milliseconds; one without a unit is refused, naming the setting. */
    static long millis(String setting, String value) {
        Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(setting + " needs a duration with its unit (ms, s, m, h or d) such as 2s or 28d, got '"
                    + value + "'");
        }
        double amount = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        return Math.round(amount * unit);
    }
}
