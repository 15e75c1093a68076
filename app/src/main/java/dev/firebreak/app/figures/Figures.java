package dev.firebreak.app.figures;

import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.api.OverrideView;
import dev.firebreak.agent.history.History;
import dev.firebreak.agent.api.ModelSample;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.api.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the agent's snapshot and the recent history into the figures the dashboards show: rates
 * from counter deltas, cluster-wide sums per model, and the trends for the charts. Pure: no
 * JavaFX, no I/O, so it runs on the connection's thread and is tested on its own.
 */
public final class Figures {

    /** Rates are taken over this many seconds: long enough to be steady, short enough to show a change at once. */
    static final int RATE_WINDOW_SECONDS = 5;
    /** Error share above which a model is shown degraded. */
    static final double ERROR_PERCENT_DEGRADED = 5;
    /** KV share above which a model or node is shown degraded. */
    static final double KV_DEGRADED = 0.85;

    private Figures() {
    }

    /**
     * @param trendScope a node id to restrict the trends to, or {@code null} for the whole cluster
     * @param trendSeconds how many seconds of trend to keep
     */
    public static ClusterFigures compute(ClusterSnapshot snapshot, History history, String trendScope, int trendSeconds) {
        List<String> models = snapshot.nodes().stream().filter(n -> n.status() != null)
                .flatMap(n -> n.status().models().stream().map(ModelStatus::model))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)).stream().toList();
        List<ModelFigures> modelFigures = models.stream().map(m -> model(m, snapshot, history)).toList();
        List<NodeFigures> nodeFigures = snapshot.nodes().stream().map(n -> node(n, snapshot, history)).toList();
        List<Trend> trends = models.stream().map(m -> trend(m, history, trendScope, trendSeconds)).toList();
        return new ClusterFigures(modelFigures, nodeFigures, trendScope, trends);
    }

    static ModelFigures model(String model, ClusterSnapshot snapshot, History history) {
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
            Optional<ModelStatus> status = node.status() == null ? Optional.empty()
                    : node.status().models().stream().filter(s -> s.model().equals(model)).findFirst();
            if (status.isEmpty()) {
                continue;
            }
            total++;
            ModelStatus s = status.get();
            List<ModelSample> recent = history.recent(new History.Key(node.id(), model), RATE_WINDOW_SECONDS + 1);
            requests += rate(recent, p -> p.finished() + p.errors());
            errors += rate(recent, ModelSample::errors);
            if (node.health() != NodeHealth.UP) {
                continue;
            }
            ttft = Math.max(ttft, s.timeToFirstToken().p99Seconds());
            kvUsed += s.kv().blocksUsed();
            kvTotal += s.kv().blocksTotal();
            running += s.sequencesRunning();
            waiting += s.sequencesWaiting();
            if (node.status().state() == NodeState.WARMING) {
                warming++;
            }
            if (node.status().state() == NodeState.SERVING && s.admissionOpen()
                    && !breakerOpen(snapshot, model, node.id()) && !reroutedOff(snapshot, model, node.id())) {
                serving++;
            }
        }
        double errorPercent = requests > 0 ? 100 * errors / requests : Double.NaN;
        List<String> notClosed = snapshot.breakers().stream()
                .filter(b -> b.model().equals(model) && !b.state().equals("CLOSED"))
                .map(b -> b.state() + " on " + b.nodeId()).toList();
        String alert = snapshot.alerts().stream().filter(a -> model.equals(a.model()))
                .map(a -> a.kind() + (a.node() == null ? "" : " on " + a.node()) + ": " + a.evidence()).findFirst().orElse(null);
        String fallback = snapshot.overrides().stream()
                .filter(o -> o.type() == ActionType.SET_FALLBACK && model.equals(o.model()))
                .map(OverrideView::fallback).reduce((a, b) -> b).orElse(null);
        ModelFigures figures = new ModelFigures(model, requests, errorPercent, ttft, kvUsed, kvTotal, running, waiting,
                serving, total, warming, Health.HEALTHY, notClosed.isEmpty() ? "closed" : String.join(", ", notClosed), fallback, alert);
        return withHealth(figures, !notClosed.isEmpty() && notClosed.stream().anyMatch(b -> b.contains("OPEN")));
    }

    private static ModelFigures withHealth(ModelFigures f, boolean anyOpen) {
        Health health = Health.HEALTHY;
        if (f.alert() != null || f.errorPercent() > ERROR_PERCENT_DEGRADED || f.kvUsage() > KV_DEGRADED
                || f.nodesServing() < f.nodesTotal()) {
            health = Health.DEGRADED;
        }
        if (anyOpen) {
            health = Health.OPEN;
        }
        if (f.nodesServing() == 0) {
            // Nodes starting up are not an outage: amber until they serve, red only if none is coming.
            health = f.startingUp() ? Health.DEGRADED : Health.DOWN;
        }
        return new ModelFigures(f.model(), f.requestsPerSecond(), f.errorPercent(), f.ttftP99Seconds(), f.kvUsed(),
                f.kvTotal(), f.running(), f.waiting(), f.nodesServing(), f.nodesTotal(), f.nodesWarming(), health, f.breakers(), f.fallback(),
                f.alert());
    }

    static NodeFigures node(NodeView node, ClusterSnapshot snapshot, History history) {
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
        List<NodeModel> models = new ArrayList<>();
        for (ModelStatus s : node.status().models()) {
            kvUsed += s.kv().blocksUsed();
            kvTotal += s.kv().blocksTotal();
            running += s.sequencesRunning();
            waiting += s.sequencesWaiting();
            double rate = rate(history.recent(new History.Key(node.id(), s.model()), RATE_WINDOW_SECONDS + 1),
                    p -> p.finished() + p.errors());
            requests += rate;
            models.add(new NodeModel(s.model(), rate, s.kv().blocksUsed(), s.kv().blocksTotal(), s.sequencesRunning(),
                    s.sequencesWaiting(), s.admissionOpen()));
        }
        Health health;
        if (node.health() != NodeHealth.UP) {
            health = Health.DOWN;
        } else if (node.status().state() != NodeState.SERVING || alert != null || node.status().faults().any()
                || (kvTotal > 0 && (double) kvUsed / kvTotal > KV_DEGRADED)) {
            health = Health.DEGRADED;
        } else {
            health = Health.HEALTHY;
        }
        return new NodeFigures(node.id(), node.url(), node.health(), node.status().state(), kvUsed, kvTotal, running,
                waiting, requests, node.status().drain(), node.status().faults(), health, alert, models);
    }

    /** The model's points over the last {@code seconds}, summed over nodes (or one node), one per second. */
    static Trend trend(String model, History history, String scope, int seconds) {
        Map<Long, double[]> bySecond = new TreeMap<>();
        final int kvUsed = 0, kvTotal = 1, requests = 2, errors = 3, ttft = 4, tokens = 5, at = 6;
        for (History.Key key : history.keys()) {
            if (!key.model().equals(model) || (scope != null && !scope.equals(key.node()))) {
                continue;
            }
            List<ModelSample> points = history.recent(key, seconds + 1);
            for (int i = 0; i < points.size(); i++) {
                ModelSample p = points.get(i);
                double[] sums = bySecond.computeIfAbsent(p.atMillis() / 1000, s -> new double[7]);
                sums[at] = Math.max(sums[at], p.atMillis());
                if (!p.up()) {
                    continue;
                }
                sums[kvUsed] += p.kvUsed();
                sums[kvTotal] += p.kvTotal();
                sums[ttft] = Math.max(sums[ttft], p.ttftP99Seconds() * 1000);
                sums[tokens] += p.tokensPerSecond();
                if (i > 0) {
                    ModelSample before = points.get(i - 1);
                    sums[requests] += rate(List.of(before, p), s -> s.finished() + s.errors());
                    sums[errors] += rate(List.of(before, p), ModelSample::errors);
                }
            }
        }
        List<double[]> rows = new ArrayList<>(bySecond.values());
        rows = rows.subList(Math.max(0, rows.size() - seconds), rows.size());
        int n = rows.size();
        long[] times = new long[n];
        double[] kv = new double[n], req = new double[n], err = new double[n], lat = new double[n], tok = new double[n];
        for (int i = 0; i < n; i++) {
            double[] r = rows.get(i);
            times[i] = (long) r[at];
            kv[i] = r[kvTotal] == 0 ? 0 : 100 * r[kvUsed] / r[kvTotal];
            req[i] = r[requests];
            err[i] = r[errors];
            lat[i] = r[ttft];
            tok[i] = r[tokens];
        }
        return new Trend(model, times, kv, req, err, lat, tok);
    }

    /** Per second, from the first to the last point; a counter that went back (a node restarted) counts from zero. */
    static double rate(List<ModelSample> points, java.util.function.ToLongFunction<ModelSample> counter) {
        if (points.size() < 2) {
            return 0;
        }
        ModelSample first = points.getFirst();
        ModelSample last = points.getLast();
        double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
        if (seconds <= 0) {
            return 0;
        }
        long delta = counter.applyAsLong(last) - counter.applyAsLong(first);
        return (delta >= 0 ? delta : counter.applyAsLong(last)) / seconds;
    }

    private static boolean breakerOpen(ClusterSnapshot snapshot, String model, String node) {
        return snapshot.breakers().stream().anyMatch(b -> b.model().equals(model) && b.nodeId().equals(node)
                && (b.state().equals("OPEN") || b.state().equals("FORCED_OPEN")));
    }

    private static boolean reroutedOff(ClusterSnapshot snapshot, String model, String node) {
        return snapshot.overrides().stream().anyMatch(o -> o.type() == ActionType.REROUTE && model.equals(o.model())
                && (node.equals(o.node()) || (o.node() == null && o.weights() != null && o.weights().getOrDefault(node, 0.0) == 0.0)));
    }
}
