package dev.firebreak.app.figures;

import dev.firebreak.agent.api.ModelSample;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The charts' lines: one point a second per model, summed over its nodes or for one node. */
final class Trends {

    private Trends() {
    }

    /** The model's points over the last {@code seconds}, summed over nodes (or one node, {@code scope}). */
    static Trend of(String model, RecentSamples samples, String scope, int seconds) {
        Map<Long, SecondSums> bySecond = new TreeMap<>();
        for (RecentSamples.Key key : samples.keys()) {
            if (!key.model().equals(model) || (scope != null && !scope.equals(key.node()))) {
                continue;
            }
            List<ModelSample> points = samples.last(key, seconds + 1);
            for (int i = 0; i < points.size(); i++) {
                ModelSample p = points.get(i);
                bySecond.merge(p.atMillis() / 1000, sums(i == 0 ? null : points.get(i - 1), p), SecondSums::plus);
            }
        }
        List<TrendPoint> all = bySecond.values().stream().map(SecondSums::point).toList();
        return new Trend(model, all.subList(Math.max(0, all.size() - seconds), all.size()));
    }

    /** One node's share of a second; the first point of a series has no rate yet. */
    private static SecondSums sums(ModelSample before, ModelSample p) {
        if (!p.up()) {
            return SecondSums.down(p.atMillis());
        }
        double requests = before == null ? 0 : Rates.between(before, p, Rates::requests);
        double errors = before == null || p.errors() == null || before.errors() == null ? 0
                : Rates.between(before, p, ModelSample::errors);
        // Figures the node's engine does not give add nothing to the cluster's sums.
        return new SecondSums(p.atMillis(), p.kvUsed() == null ? 0 : p.kvUsed(), p.kvTotal() == null ? 0 : p.kvTotal(), requests,
                errors, p.ttftP99Seconds() == null ? 0 : p.ttftP99Seconds() * 1000,
                p.tokensPerSecond() == null ? 0 : p.tokensPerSecond());
    }
}
