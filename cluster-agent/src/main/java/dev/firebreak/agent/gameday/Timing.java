package dev.firebreak.agent.gameday;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.loadgen.SecondStats;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Detection, containment and recovery times of a scenario, from the agent's events and the clients' seconds. */
final class Timing {

    /** Event types that say the agent noticed trouble. */
    static final Set<String> FINDINGS = Set.of("node-down", "kv-leak", "stall", "gray-failure", "overload");
    private static final double RECOVERED_SHARE = 0.9;

    private Timing() {
    }

    /** Milliseconds from the fault to the agent's first finding or opened breaker about it. */
    static Long detection(Scenario scenario, List<ClusterEvent> events, long faultMillis) {
        return events.stream()
                .filter(e -> e.atMillis() >= faultMillis)
                .filter(e -> scenario.faultyNode() == null ? e.type().equals("overload")
                        : scenario.faultyNode().equals(e.nodeId()) && (FINDINGS.contains(e.type()) || opened(e)))
                .mapToLong(e -> e.atMillis() - faultMillis).min().stream().boxed().findFirst().orElse(null);
    }

    /** Milliseconds from the fault until no model of the faulty node could be routed to it: its breakers open, or it is down. */
    static Long containment(String node, List<String> models, List<ClusterEvent> events, long faultMillis) {
        long worst = 0;
        for (String model : models) {
            Long cut = events.stream().filter(e -> e.atMillis() >= faultMillis && node.equals(e.nodeId()))
                    .filter(e -> e.type().equals("node-down") || (opened(e) && e.message().contains("breaker " + model + " on ")))
                    .mapToLong(e -> e.atMillis() - faultMillis).min().stream().boxed().findFirst().orElse(null);
            if (cut == null) {
                return null;
            }
            worst = Math.max(worst, cut);
        }
        return worst;
    }

    private static boolean opened(ClusterEvent e) {
        return e.type().equals("breaker") && (e.message().contains("-> OPEN") || e.message().contains("-> FORCED_OPEN"));
    }

    /**
     * Milliseconds from the fault to the first second from which every model's goodput (3 s moving
     * average) stays at or above 90% of its before level until the traffic stops; null if never.
     */
    static Long recovery(Scenario scenario, List<SecondStats> series, List<ModelFigures> models) {
        if (models.stream().noneMatch(m -> m.before().goodput() > 0)) {
            return null;
        }
        Map<String, double[]> perSecond = series.stream().collect(Collectors.groupingBy(SecondStats::model,
                Collectors.collectingAndThen(Collectors.toList(), list -> {
                    double[] ok = new double[(int) Math.ceil(scenario.seconds())];
                    list.stream().filter(s -> s.second() < ok.length).forEach(s -> ok[(int) s.second()] = s.ok());
                    return ok;
                })));
        int from = (int) Math.floor(scenario.faultAt());
        int last = (int) Math.ceil(scenario.seconds()) - 1;
        int recoveredAt = -1;
        for (int s = last; s >= from; s--) {
            if (!allRecovered(s, perSecond, models)) {
                break;
            }
            recoveredAt = s;
        }
        // At least three good seconds, or it is a blip at the end, not a recovery.
        if (recoveredAt < 0 || last - recoveredAt < 2) {
            return null;
        }
        return Math.max(0, (long) ((recoveredAt - scenario.faultAt()) * 1000));
    }

    private static boolean allRecovered(int second, Map<String, double[]> perSecond, List<ModelFigures> models) {
        for (ModelFigures m : models) {
            double[] ok = perSecond.get(m.model());
            if (ok == null || m.before().goodput() == 0) {
                continue;
            }
            double sum = 0;
            int n = 0;
            for (int s = Math.max(0, second - 2); s <= second; s++) {
                sum += ok[s];
                n++;
            }
            if (sum / n < RECOVERED_SHARE * m.before().goodput()) {
                return false;
            }
        }
        return true;
    }
}
