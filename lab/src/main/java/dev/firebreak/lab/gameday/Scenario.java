package dev.firebreak.lab.gameday;

import dev.firebreak.lab.loadgen.WorkloadMix;
import dev.firebreak.lab.localcluster.NodeSetup;

import java.util.List;
import java.util.Map;

/**
 * One game-day run: a cluster, a route, steady traffic, and faults on a timeline.
 * Phases: warm-up {@code [0, beforeFrom)}, before {@code [beforeFrom, faultAt)}, during
 * {@code [faultAt, afterFrom)}, after {@code [afterFrom, seconds)}.
 *
 * @param faultyNode the node the faults hit, {@code null} when the fault is the load itself
 */
public record Scenario(String name, String title, Route route, int nodes, List<String> models, NodeSetup setup,
                       Map<String, Double> rates, WorkloadMix mix, double seconds, double beforeFrom, double faultAt,
                       double afterFrom, String faultyNode, List<Step> steps) {

    public Scenario {
        models = List.copyOf(models);
        rates = Map.copyOf(rates);
        steps = List.copyOf(steps);
        if (!(0 <= beforeFrom && beforeFrom < faultAt && faultAt < afterFrom && afterFrom < seconds)) {
            throw new IllegalArgumentException(name + ": phases must be 0 <= beforeFrom < faultAt < afterFrom < seconds");
        }
    }

    /**
     * Seconds from the start of traffic to the end of the fault: healed, the dead node restarted, or
     * the load back to 1x; NaN when the fault lasts to the end.
     */
    public double healAt() {
        return steps.stream().filter(s -> s.atSeconds() > faultAt)
                .filter(s -> s.fault() instanceof Fault.Heal || s.fault() instanceof Fault.Restart
                        || s.fault() instanceof Fault.Overload o && o.factor() == 1)
                .mapToDouble(Step::atSeconds).min().orElse(Double.NaN);
    }

    public Scenario withRoute(Route value, String newName, String newTitle) {
        return new Scenario(newName, newTitle, value, nodes, models, setup, rates, mix, seconds, beforeFrom, faultAt,
                afterFrom, faultyNode, steps);
    }

    public Scenario withSetup(NodeSetup value, String newName, String newTitle) {
        return new Scenario(newName, newTitle, route, nodes, models, value, rates, mix, seconds, beforeFrom, faultAt,
                afterFrom, faultyNode, steps);
    }

    /** The same scenario with every rate times {@code factor} (to fit a machine). */
    public Scenario scaled(double factor) {
        Map<String, Double> scaledRates = new java.util.LinkedHashMap<>();
        rates.forEach((m, r) -> scaledRates.put(m, r * factor));
        return new Scenario(name, title, route, nodes, models, setup, scaledRates, mix, seconds, beforeFrom, faultAt,
                afterFrom, faultyNode, steps);
    }
}
