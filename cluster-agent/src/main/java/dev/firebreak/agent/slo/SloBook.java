package dev.firebreak.agent.slo;

import dev.firebreak.agent.api.ModelSlo;
import dev.firebreak.agent.api.SloIndicator;
import dev.firebreak.agent.api.SloBucket;
import dev.firebreak.agent.api.SloHistory;
import dev.firebreak.agent.api.SloReport;
import dev.firebreak.agent.config.SloConfig;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads the shared SLO minutes into each model's standing: compliance and error budget left over the
 * SLO window, burn rates over the alerting windows. A model with no events in a window has no figure
 * for it ({@code null}, "no data"), never 100%.
 */
public final class SloBook {

    static final String NO_DATA = "no traffic in the window";

    private final SloConfig config;
    private final InstantSource clock;
    private final SloLog log;
    private final Supplier<Collection<String>> models;

    /** @param models the models the agent serves now; a model with events stored is reported too */
    public SloBook(SloConfig config, InstantSource clock, SloLog log, Supplier<Collection<String>> models) {
        this.config = config;
        this.clock = clock;
        this.log = log;
        this.models = models;
    }

    /** Every model's standing now. */
    public SloReport report() throws SloLog.SloLogException {
        long now = clock.millis();
        long window = config.objective("").windowMillis();
        long to = SloMinute.minuteOf(now) + SloMinute.MINUTE_MILLIS; // the current minute counts as far as it went
        Map<String, Map<String, SloMinute>> inWindow = byModelAndNode(log.totals(now - window, to));
        Map<BurnWindow, Map<String, Map<String, SloMinute>>> burns = new EnumMap<>(BurnWindow.class);
        for (BurnWindow w : BurnWindow.values()) {
            burns.put(w, byModelAndNode(log.totals(now - w.millis, to)));
        }
        TreeSet<String> names = new TreeSet<>(models.get());
        names.addAll(inWindow.keySet());
        List<ModelSlo> out = new ArrayList<>();
        for (String model : names) {
            SloConfig.Objective objective = config.objective(model);
            List<ModelSlo.NodeSlo> nodes = new ArrayList<>();
            for (String node : new TreeSet<>(inWindow.getOrDefault(model, Map.of()).keySet())) {
                if (!node.isEmpty()) {
                    nodes.add(new ModelSlo.NodeSlo(node, availability(objective, sum(inWindow, model, node), burns, model, node),
                            latency(objective, sum(inWindow, model, node), burns, model, node)));
                }
            }
            out.add(new ModelSlo(model, availability(objective, sum(inWindow, model, null), burns, model, null),
                    latency(objective, sum(inWindow, model, null), burns, model, null), nodes));
        }
        return new SloReport(now, window, out);
    }

    /** Each model's events per {@code bucketMillis} over [from, to), with its objectives. */
    public SloHistory history(long fromMillis, long toMillis, long bucketMillis) throws SloLog.SloLogException {
        List<SloBucket> buckets = log.perModel(fromMillis, toMillis, bucketMillis).stream()
                .map(m -> new SloBucket(m.minuteMillis(), m.model(), m.total(), m.good(), m.timed(), m.fast())).toList();
        TreeSet<String> names = new TreeSet<>(models.get());
        buckets.forEach(b -> names.add(b.model()));
        List<SloHistory.Objective> objectives = names.stream().map(config::objective)
                .map(o -> new SloHistory.Objective(o.model(), o.availability(), o.latency(), o.latencyThresholdMillis())).toList();
        return new SloHistory(fromMillis, toMillis, bucketMillis, objectives, buckets);
    }

    private static SloIndicator availability(SloConfig.Objective o, SloMinute w, Map<BurnWindow, Map<String, Map<String, SloMinute>>> burns,
                                             String model, String node) {
        return indicator("availability", o.availability(), null, w.good(), w.total(),
                rates(burns, model, node, c -> burn(c.good(), c.total(), o.availability())));
    }

    private static SloIndicator latency(SloConfig.Objective o, SloMinute w, Map<BurnWindow, Map<String, Map<String, SloMinute>>> burns,
                                        String model, String node) {
        return indicator("latency", o.latency(), o.latencyThresholdMillis(), w.fast(), w.timed(),
                rates(burns, model, node, c -> burn(c.fast(), c.timed(), o.latency())));
    }

    /** The burn rate of every window, by its label. */
    private static Map<String, Double> rates(Map<BurnWindow, Map<String, Map<String, SloMinute>>> burns, String model, String node,
                                             java.util.function.Function<SloMinute, Double> burn) {
        Map<String, Double> rates = new LinkedHashMap<>();
        burns.forEach((win, counts) -> rates.put(win.label, burn.apply(sum(counts, model, node))));
        return rates;
    }

    private static SloIndicator indicator(String sli, double objective, Long threshold, long good, long total, Map<String, Double> rates) {
        if (total == 0) {
            return new SloIndicator(sli, objective, threshold, 0, 0, null, null, rates, NO_DATA);
        }
        double compliance = (double) good / total;
        return new SloIndicator(sli, objective, threshold, good, total, compliance, 1 - burn(good, total, objective), rates, null);
    }

    /** The bad share over the budget: 1 spends the budget exactly over the SLO window; null with no events. */
    static Double burn(long good, long total, double objective) {
        return total == 0 ? null : ((double) (total - good) / total) / (1 - objective);
    }

    /** One node's counts, or with {@code node} null the model's over every node. */
    private static SloMinute sum(Map<String, Map<String, SloMinute>> counts, String model, String node) {
        SloMinute none = new SloMinute(0, model, node == null ? "" : node, 0, 0, 0, 0);
        Map<String, SloMinute> byNode = counts.getOrDefault(model, Map.of());
        if (node != null) {
            return byNode.getOrDefault(node, none);
        }
        return byNode.values().stream().reduce(none, SloMinute::plus);
    }

    private static Map<String, Map<String, SloMinute>> byModelAndNode(List<SloMinute> rows) {
        Map<String, Map<String, SloMinute>> out = new LinkedHashMap<>();
        for (SloMinute r : rows) {
            out.computeIfAbsent(r.model(), m -> new LinkedHashMap<>()).merge(r.node(), r, SloMinute::plus);
        }
        return out;
    }
}
