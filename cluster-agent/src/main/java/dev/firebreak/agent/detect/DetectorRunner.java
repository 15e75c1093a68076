package dev.firebreak.agent.detect;

import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.ModelSample;
import dev.firebreak.agent.config.BreakerConfig;
import dev.firebreak.agent.gateway.Breakers;
import dev.firebreak.agent.history.History;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the detectors over the history every second. What they see passes through
 * {@link FindingHysteresis}, so a finding raises one event with its evidence and, later, one
 * "cleared" event. A raised leak, stall or gray failure holds the model's breaker on that node
 * open (never touching a state an operator forced) until it has cleared and the breaker's quiet
 * period passed.
 */
public final class DetectorRunner {

    private static final System.Logger LOG = System.getLogger(DetectorRunner.class.getName());

    private final History history;
    private final Breakers breakers;
    private final InstantSource clock;
    private final Consumer<ClusterEvent> events;
    private final double ttftObjectiveSeconds;
    private final FindingHysteresis hysteresis;
    private volatile List<Alert> alerts = List.of();

    public DetectorRunner(History history, Breakers breakers, InstantSource clock, Consumer<ClusterEvent> events,
                          double ttftObjectiveSeconds, BreakerConfig settings) {
        this.history = history;
        this.breakers = breakers;
        this.clock = clock;
        this.events = events;
        this.ttftObjectiveSeconds = ttftObjectiveSeconds;
        this.hysteresis = new FindingHysteresis(settings);
    }

    /** One check of every series in the history. */
    public void run() {
        List<Finding> seen = new ArrayList<>();
        // Each series read once, grouped by model: a model's peers are its other nodes, and at a thousand
        // nodes reading them again for every node was a million copies a second.
        Map<String, Map<String, List<ModelSample>>> byModel = new LinkedHashMap<>();
        for (History.Key key : history.keys()) {
            byModel.computeIfAbsent(key.model(), m -> new LinkedHashMap<>()).put(key.node(), history.recent(key, 60));
        }
        byModel.forEach((model, nodes) -> {
            Peers.Model peers = new Peers.Model(List.copyOf(nodes.values()));
            int i = 0;
            for (Map.Entry<String, List<ModelSample>> node : nodes.entrySet()) {
                seen.addAll(Detectors.check(node.getKey(), model, node.getValue(), peers.of(i++), ttftObjectiveSeconds));
            }
        });
        // A raised finding whose detector went quiet is held while these same series still show its evidence.
        apply(seen, key -> byModel.getOrDefault(key.model(), Map.of()).getOrDefault(key.node(), List.of()));
    }

    /** What one check saw, passed through the hysteresis to events and breakers, with no scraped figures to hold a finding by. */
    synchronized void apply(List<Finding> seen) {
        apply(seen, key -> List.of());
    }

    /**
     * What one check saw, plus every raised finding whose detector went quiet while the scraped
     * figures in {@code series} still show its evidence, passed through the hysteresis to events and breakers.
     */
    synchronized void apply(List<Finding> detected, Function<History.Key, List<ModelSample>> series) {
        List<Finding> seen = new ArrayList<>(detected);
        for (FindingHysteresis.Held h : hysteresis.raised()) {
            Finding raised = h.finding();
            if (seen.stream().noneMatch(f -> FindingHysteresis.Key.of(f).equals(FindingHysteresis.Key.of(raised)))) {
                Detectors.stillEvident(raised, series.apply(new History.Key(raised.node(), raised.model()))).ifPresent(seen::add);
            }
        }
        long now = clock.millis();
        for (FindingHysteresis.Change change : hysteresis.check(seen, now)) {
            Finding f = change.finding();
            switch (change) {
                case FindingHysteresis.Raised r -> {
                    LOG.log(System.Logger.Level.WARNING, "node={0} model={1} {2}: {3}", f.node(), f.model(), f.kind(), f.evidence());
                    events.accept(new ClusterEvent(f.kind(), now, f.node(), f.model() + " on " + f.node() + ": " + f.evidence()));
                    hold(f);
                }
                case FindingHysteresis.Held h -> hold(f);
                case FindingHysteresis.Cleared c -> {
                    LOG.log(System.Logger.Level.INFO, "node={0} model={1} {2} cleared", f.node(), f.model(), f.kind());
                    events.accept(new ClusterEvent(f.kind() + "-cleared", now, f.node(), f.model() + " on " + f.node() + ": "
                            + f.kind() + " not seen for " + c.unseenMillis() / 1000 + " s (raised "
                            + (now - c.sinceMillis()) / 1000 + " s ago)"));
                    // Whatever its last evidence: one kind can hold the breaker on one figure and not on another.
                    breakers.clear(f.model(), f.node(), f.kind());
                }
            }
        }
        breakers.releaseQuiet();
        alerts = hysteresis.raised().stream()
                .map(h -> new Alert(h.finding().kind(), h.finding().node(), h.finding().model(), h.finding().evidence(),
                        h.sinceMillis()))
                .sorted(Comparator.comparingLong(Alert::sinceMillis))
                .toList();
    }

    private void hold(Finding f) {
        if (f.opensBreaker()) {
            breakers.hold(f.model(), f.node(), f.kind(), f.reason());
        }
    }

    public List<Alert> alerts() {
        return alerts;
    }
}
