package dev.firebreak.agent.slo;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.ModelSlo;
import dev.firebreak.agent.api.SloIndicator;
import dev.firebreak.agent.api.SloReport;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The Google SRE workbook's multiwindow, multi-burn-rate alerts, read from each model's burn rates:
 * a page at 14.4x over 1 h and 5 min or 6x over 6 h and 30 min, a ticket at 1x over 3 days and 6 h
 * (the same thresholds as the shipped Prometheus rules). Each raises one event about the model
 * ({@code slo-burn-page}, {@code slo-burn-ticket}) when it starts and one "-cleared" when it stops,
 * which the incidents turn into the model's incident and so into an alert. A window with no traffic
 * burns nothing.
 */
public final class BurnAlerts {

    private static final System.Logger LOG = System.getLogger(BurnAlerts.class.getName());

    /** Both windows burning over {@code factor} times the budget's rate raise the alert. */
    record Pair(BurnWindow longWindow, BurnWindow shortWindow, double factor) {
    }

    /** One alert: its event type, and the pairs of windows that raise it. */
    enum Level {
        PAGE("slo-burn-page", List.of(new Pair(BurnWindow.ONE_HOUR, BurnWindow.FIVE_MINUTES, 14.4),
                new Pair(BurnWindow.SIX_HOURS, BurnWindow.THIRTY_MINUTES, 6.0))),
        TICKET("slo-burn-ticket", List.of(new Pair(BurnWindow.THREE_DAYS, BurnWindow.SIX_HOURS, 1.0)));

        final String type;
        final List<Pair> pairs;

        Level(String type, List<Pair> pairs) {
            this.type = type;
            this.pairs = pairs;
        }
    }

    private final InstantSource clock;
    private final BiConsumer<String, ClusterEvent> events;
    /** What is raised now per model and level, and why. */
    private final Map<String, Map<Level, String>> raised = new HashMap<>();

    /** @param events told (model, event) of each alert starting or stopping */
    public BurnAlerts(InstantSource clock, BiConsumer<String, ClusterEvent> events) {
        this.clock = clock;
        this.events = events;
    }

    /** One check of every model's burn rates. */
    public synchronized void check(SloReport report) {
        long now = clock.millis();
        for (ModelSlo model : report.models()) {
            Map<Level, String> mine = raised.computeIfAbsent(model.model(), m -> new HashMap<>());
            for (Level level : Level.values()) {
                List<String> why = new ArrayList<>();
                for (SloIndicator sli : List.of(model.availability(), model.latency())) {
                    why.addAll(reasons(sli, level));
                }
                String was = mine.get(level);
                if (!why.isEmpty() && was == null) {
                    String message = model.model() + ": " + String.join("; ", why);
                    mine.put(level, message);
                    LOG.log(System.Logger.Level.WARNING, "model={0} {1}: {2}", model.model(), level.type, message);
                    events.accept(model.model(), new ClusterEvent(level.type, now, null, message));
                } else if (why.isEmpty() && was != null) {
                    mine.remove(level);
                    events.accept(model.model(), new ClusterEvent(level.type + "-cleared", now, null,
                            model.model() + ": burn rates back under the " + level.name().toLowerCase(Locale.ROOT) + " thresholds"));
                }
            }
        }
    }

    /**
     * Requests the objective's window must hold before a burn rate may alert: a fresh agent's or a
     * quiet model's first few errors are a huge rate of very little (the SRE workbook's low-traffic
     * case), not a budget being spent.
     */
    static final long MIN_EVENTS = 100;

    /** Why {@code sli} raises {@code level}, in words with its figures; empty when it does not. */
    static List<String> reasons(SloIndicator sli, Level level) {
        List<String> why = new ArrayList<>();
        if (sli.total() < MIN_EVENTS) {
            return why;
        }
        for (Pair pair : level.pairs) {
            Double longBurn = sli.burnRates().get(pair.longWindow().label);
            Double shortBurn = sli.burnRates().get(pair.shortWindow().label);
            if (longBurn != null && shortBurn != null && longBurn > pair.factor() && shortBurn > pair.factor()) {
                why.add(String.format(Locale.ROOT, "%s budget burning %.1fx over %s and %.1fx over %s (threshold %.1fx)",
                        sli.sli(), longBurn, pair.longWindow().label, shortBurn, pair.shortWindow().label, pair.factor()));
                break;
            }
        }
        return why;
    }
}
