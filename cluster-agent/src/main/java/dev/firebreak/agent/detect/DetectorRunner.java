package dev.firebreak.agent.detect;

import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.gateway.Breakers;
import dev.firebreak.agent.history.History;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the detectors over the history every second. A new finding raises an event with its
 * evidence and, for leaks, stalls and gray failures, opens the model's breaker on that node (never
 * touching a state an operator forced); a finding that goes away raises a "cleared" event.
 */
public final class DetectorRunner {

    private static final System.Logger LOG = System.getLogger(DetectorRunner.class.getName());

    private final History history;
    private final Breakers breakers;
    private final InstantSource clock;
    private final Consumer<ClusterEvent> events;
    private final double ttftObjectiveSeconds;
    private volatile Map<String, Alert> active = Map.of();

    public DetectorRunner(History history, Breakers breakers, InstantSource clock, Consumer<ClusterEvent> events,
                          double ttftObjectiveSeconds) {
        this.history = history;
        this.breakers = breakers;
        this.clock = clock;
        this.events = events;
        this.ttftObjectiveSeconds = ttftObjectiveSeconds;
    }

    public synchronized void run() {
        long now = clock.millis();
        Map<String, Alert> next = new HashMap<>();
        List<History.Key> keys = history.keys();
        for (History.Key key : keys) {
            List<List<dev.firebreak.agent.api.ModelSample>> peers = keys.stream()
                    .filter(k -> k.model().equals(key.model()) && !k.node().equals(key.node()))
                    .map(k -> history.recent(k, 60)).toList();
            for (Finding f : Detectors.check(key.node(), key.model(), history.recent(key, 60), peers, ttftObjectiveSeconds)) {
                String id = f.kind() + "|" + f.node() + "|" + f.model();
                Alert previous = active.get(id);
                next.put(id, new Alert(f.kind(), f.node(), f.model(), f.evidence(), previous == null ? now : previous.sinceMillis()));
                if (previous == null) {
                    LOG.log(System.Logger.Level.WARNING, "node={0} model={1} {2}: {3}", f.node(), f.model(), f.kind(), f.evidence());
                    events.accept(new ClusterEvent(f.kind(), now, f.node(), f.model() + " on " + f.node() + ": " + f.evidence()));
                }
                if (f.opensBreaker()) {
                    CircuitBreaker breaker = breakers.of(f.model(), f.node());
                    if (breaker.getState() == CircuitBreaker.State.CLOSED || breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
                        breaker.transitionToOpenState();
                    }
                }
            }
        }
        for (Map.Entry<String, Alert> old : active.entrySet()) {
            if (!next.containsKey(old.getKey())) {
                Alert a = old.getValue();
                events.accept(new ClusterEvent(a.kind() + "-cleared", now, a.node(), a.model() + " on " + a.node()
                        + ": " + a.kind() + " no longer seen"));
            }
        }
        active = Map.copyOf(next);
    }

    public List<Alert> alerts() {
        return active.values().stream().sorted(java.util.Comparator.comparingLong(Alert::sinceMillis)).toList();
    }
}
