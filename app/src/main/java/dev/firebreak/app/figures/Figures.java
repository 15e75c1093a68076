package dev.firebreak.app.figures;

import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.ModelSample;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.api.OverrideView;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.node.api.NodeState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns the agent's snapshot and the recent samples into the figures the dashboards show: rates
 * from counter deltas, cluster-wide sums per model, and the trends for the charts. Pure: no
 * JavaFX, no I/O, so it runs on the connection's thread and is tested on its own.
 */
public final class Figures {

    /** Rates are taken over this many seconds: long enough to be steady, short enough to show a change at once. */
    static final int RATE_WINDOW_SECONDS = 5;
    /** Error share above which a model is shown degraded. */
    static final double ERROR_PERCENT_DEGRADED = 5;

    private Figures() {
    }

    /**
     * @param trendScope a node id to restrict the trends to, or {@code null} for the whole cluster
     * @param trendSeconds how many seconds of trend to keep
     */
    public static ClusterFigures compute(ClusterSnapshot snapshot, RecentSamples samples, String trendScope, int trendSeconds) {
        List<String> models = snapshot.nodes().stream().filter(n -> n.status() != null)
                .flatMap(n -> n.status().models().stream().map(ModelReport::model))
                .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
        KvThreshold threshold = KvThreshold.of(snapshot);
        Set<String> blocked = blockedCalls(snapshot);
        List<ModelFigures> modelFigures = models.stream().map(m -> model(m, snapshot, samples, threshold, blocked)).toList();
        List<NodeFigures> nodeFigures = snapshot.nodes().stream().map(n -> node(n, snapshot, samples, threshold)).toList();
        List<Trend> trends = models.stream().map(m -> Trends.of(m, samples, trendScope, trendSeconds)).toList();
        return new ClusterFigures(modelFigures, nodeFigures, trendScope, trends, threshold);
    }

    /**
     * @param blocked the (model, node) pairs whose breaker blocks calls, from {@link #blockedCalls}: found once per
     *                snapshot, not once per model and node (at 200 nodes x 10 models, 2,000 breakers each time)
     */
    static ModelFigures model(String model, ClusterSnapshot snapshot, RecentSamples samples, KvThreshold threshold,
                              Set<String> blocked) {
        double requests = 0;
        double errors = 0;
        double ttft = 0;
        long kvUsed = 0;
        long kvTotal = 0;
        int running = 0;
        int waiting = 0;
        int serving = 0;
        int warming = 0;
        int total = 0;
        for (NodeView node : snapshot.nodes()) {
            Optional<ModelReport> status = node.status() == null ? Optional.empty()
                    : node.status().models().stream().filter(s -> s.model().equals(model)).findFirst();
            if (status.isEmpty()) {
                continue;
            }
            total++;
            ModelReport s = status.get();
            List<ModelSample> recent = samples.last(new RecentSamples.Key(node.id(), model), RATE_WINDOW_SECONDS + 1);
            requests += Rates.perSecond(recent, Rates::requests);
            errors += Rates.perSecond(recent, p -> p.errors() == null ? 0 : p.errors());
            if (node.health() != NodeHealth.UP) {
                continue;
            }
            // Figures a node's engine does not give add nothing, rather than a 0 that would read as measured.
            ttft = Math.max(ttft, s.timeToFirstToken() == null ? 0 : s.timeToFirstToken().p99Seconds());
            kvUsed += known(s.kv().blocksUsed());
            kvTotal += known(s.kv().blocksTotal());
            running += known(s.sequencesRunning());
            waiting += known(s.sequencesWaiting());
            if (node.status().state() == NodeState.WARMING) {
                warming++;
            }
            if (node.status().state() == NodeState.SERVING && s.admissionOpen()
                    && !blocked.contains(pair(model, node.id())) && !reroutedOff(snapshot, model, node.id())) {
                serving++;
            }
        }
        double errorPercent = requests > 0 ? 100 * errors / requests : Double.NaN;
        List<BreakerView> notClosed = snapshot.breakers().stream()
                .filter(b -> b.model().equals(model) && b.state() != BreakerState.CLOSED).toList();
        String alert = snapshot.alerts().stream().filter(a -> model.equals(a.model()))
                .map(a -> a.kind() + (a.node() == null ? "" : " on " + a.node()) + ": " + a.evidence()).findFirst().orElse(null);
        String fallback = snapshot.overrides().stream()
                .filter(o -> o.type() == ActionType.SET_FALLBACK && model.equals(o.model()))
                .map(OverrideView::fallback).reduce((a, b) -> b).orElse(null);
        ModelFigures figures = new ModelFigures(model, requests, errorPercent, ttft, kvUsed, kvTotal, running, waiting,
                serving, total, warming, Health.HEALTHY, notClosed, fallback, alert);
        return withHealth(figures, health(figures, threshold));
    }

    /** A model's colour: red when no node serves it, orange when a breaker keeps traffic off a node, amber for the rest of trouble. */
    private static Health health(ModelFigures f, KvThreshold threshold) {
        if (f.nodesServing() == 0) {
            // Nodes starting up are not an outage: amber until they serve, red only if none is coming.
            return f.startingUp() ? Health.DEGRADED : Health.DOWN;
        }
        if (f.breakers().stream().anyMatch(b -> b.state().blocksCalls())) {
            return Health.OPEN;
        }
        boolean trouble = f.alert() != null || f.errorPercent() > ERROR_PERCENT_DEGRADED || threshold.refuses(f.kvUsage())
                || f.nodesServing() < f.nodesTotal() || !f.breakers().isEmpty();
        return trouble ? Health.DEGRADED : Health.HEALTHY;
    }

    private static ModelFigures withHealth(ModelFigures f, Health health) {
        return new ModelFigures(f.model(), f.requestsPerSecond(), f.errorPercent(), f.ttftP99Seconds(), f.kvUsed(),
                f.kvTotal(), f.running(), f.waiting(), f.nodesServing(), f.nodesTotal(), f.nodesWarming(), health, f.breakers(),
                f.fallback(), f.alert());
    }

    static NodeFigures node(NodeView node, ClusterSnapshot snapshot, RecentSamples samples, KvThreshold threshold) {
        String alert = snapshot.alerts().stream().filter(a -> node.id().equals(a.node()))
                .map(a -> a.kind() + (a.model() == null ? "" : " (" + a.model() + ")") + ": " + a.evidence())
                .findFirst().orElse(null);
        if (node.status() == null) {
            return new NodeFigures(node.id(), node.url(), node.health(), null, 0, 0, 0, 0, 0, null, FaultSettings.NONE,
                    Health.DOWN, alert, List.of());
        }
        long kvUsed = 0;
        long kvTotal = 0;
        int running = 0;
        int waiting = 0;
        double requests = 0;
        boolean refused = false;
        List<NodeModel> models = new ArrayList<>();
        java.util.Set<String> why = new java.util.LinkedHashSet<>();
        for (ModelReport s : node.status().models()) {
            kvUsed += known(s.kv().blocksUsed());
            kvTotal += known(s.kv().blocksTotal());
            running += known(s.sequencesRunning());
            waiting += known(s.sequencesWaiting());
            for (String figure : List.of("kv.usage", "kv.blocksUsed", "sequencesRunning", "sequencesWaiting")) {
                if (s.unavailable().containsKey(figure)) {
                    why.add(figure + ": " + s.unavailable().get(figure));
                }
            }
            double rate = Rates.perSecond(samples.last(new RecentSamples.Key(node.id(), s.model()), RATE_WINDOW_SECONDS + 1),
                    Rates::requests);
            requests += rate;
            NodeModel m = new NodeModel(s.model(), rate, known(s.kv().blocksUsed()), known(s.kv().blocksTotal()),
                    (int) known(s.sequencesRunning()), (int) known(s.sequencesWaiting()), s.admissionOpen());
            // The gateway judges each model's KV on its own, so a node is crowded when one of its models is.
            refused |= threshold.refuses(m.kvUsage());
            models.add(m);
        }
        Health health;
        if (node.health() != NodeHealth.UP) {
            health = Health.DOWN;
        } else if (node.status().state() != NodeState.SERVING || alert != null || (node.status().faults() != null && node.status().faults().any()) || refused) {
            health = Health.DEGRADED;
        } else {
            health = Health.HEALTHY;
        }
        return new NodeFigures(node.id(), node.url(), node.health(), node.status().state(), kvUsed, kvTotal, running,
                waiting, requests, node.status().drain(),
                node.status().faults() == null ? FaultSettings.NONE : node.status().faults(), health, alert, models, node.kind(),
                why.isEmpty() ? null : "n/a: " + String.join("; ", why));
    }

    /** A figure a node's engine gives, or 0 for the sums when it gives none (the node's {@code unavailable} says so). */
    private static long known(Number figure) {
        return figure == null ? 0 : figure.longValue();
    }

    /** The (model, node) pairs, as {@link #pair}, whose breaker blocks calls now. */
    static Set<String> blockedCalls(ClusterSnapshot snapshot) {
        Set<String> blocked = new HashSet<>();
        for (BreakerView b : snapshot.breakers()) {
            if (b.state().blocksCalls()) {
                blocked.add(pair(b.model(), b.nodeId()));
            }
        }
        return blocked;
    }

    private static String pair(String model, String node) {
        return model + '\n' + node;
    }

    private static boolean reroutedOff(ClusterSnapshot snapshot, String model, String node) {
        return snapshot.overrides().stream().anyMatch(o -> o.type() == ActionType.REROUTE && model.equals(o.model())
                && (node.equals(o.node()) || (o.node() == null && o.weights() != null && o.weights().getOrDefault(node, 0.0) == 0.0)));
    }
}
