package dev.firebreak.lab.gameday;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.lab.loadgen.SecondStats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Detection, containment and recovery times of a scenario, from the agent's events and the clients' seconds. */
final class Timing {

    /** Event types that say the agent noticed trouble. */
    static final Set<String> FINDINGS = Set.of("node-down", "kv-leak", "stall", "gray-failure", "overload");
    private static final double RECOVERED_SHARE = 0.9;
    /** Seconds from the recovery on that must hold together. */
    static final int WINDOW = 5;

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
                    .filter(e -> e.type().equals("node-down") || (opened(e) && e.breaker().model().equals(model)))
                    .mapToLong(e -> e.atMillis() - faultMillis).min().stream().boxed().findFirst().orElse(null);
            if (cut == null) {
                return null;
            }
            worst = Math.max(worst, cut);
        }
        return worst;
    }

    private static boolean opened(ClusterEvent e) {
        return e.breaker() != null && e.breaker().opened();
    }

    /**
     * Milliseconds from the fault to recovery: the first second from which every model's requests
     * succeed again about as often as before the fault (at least 90% of its before share). That
     * second must hold on its own, over the 5 s from it (with at least half the before goodput),
     * and over the rest of the run, so a lucky second is not a recovery and a lone failure later is
     * not a relapse. Shares rather than counts: a model's 2-3 answers a second under Poisson
     * arrivals swing by half from one second to the next while the share of them that succeed
     * does not. 0 when no model ever fell below; null if it did not recover within the run.
     */
    static Long recovery(Scenario scenario, List<SecondStats> series) {
        int seconds = (int) Math.ceil(scenario.seconds());
        Map<String, Outcomes[]> byModel = new HashMap<>();
        for (SecondStats s : series) {
            if (s.second() < seconds) {
                byModel.computeIfAbsent(s.model(), m -> new Outcomes[seconds])[(int) s.second()] =
                        new Outcomes(s.ok(), s.errors() + s.shed() + s.truncated());
            }
        }
        int beforeFrom = (int) Math.ceil(scenario.beforeFrom());
        int from = (int) Math.floor(scenario.faultAt());
        List<Recovery> models = byModel.values().stream()
                .map(perSecond -> new Recovery(perSecond, Outcomes.sum(perSecond, beforeFrom, from), from - beforeFrom))
                .filter(r -> r.before().ok() > 0).toList();
        if (models.isEmpty()) {
            return null;
        }
        for (int s = from; s + WINDOW <= seconds; s++) {
            int second = s;
            if (models.stream().allMatch(m -> m.recoveredAt(second, seconds))) {
                return Math.max(0, (long) ((s - scenario.faultAt()) * 1000));
            }
        }
        return null;
    }

    /** Requests that ended in some seconds: complete answers, and all the rest (errors, shed, truncated). */
    record Outcomes(long ok, long failed) {

        static Outcomes sum(Outcomes[] perSecond, int from, int to) {
            long ok = 0;
            long failed = 0;
            for (int s = Math.max(0, from); s < Math.min(to, perSecond.length); s++) {
                if (perSecond[s] != null) {
                    ok += perSecond[s].ok();
                    failed += perSecond[s].failed();
                }
            }
            return new Outcomes(ok, failed);
        }

        double share() {
            return (double) ok / (ok + failed);
        }
    }

    /** One model's seconds, and its outcomes in the before phase ({@code beforeSeconds} long). */
    private record Recovery(Outcomes[] perSecond, Outcomes before, int beforeSeconds) {

        boolean recoveredAt(int s, int end) {
            double bar = RECOVERED_SHARE * before.share();
            Outcomes second = Outcomes.sum(perSecond, s, s + 1);
            Outcomes window = Outcomes.sum(perSecond, s, s + WINDOW);
            Outcomes rest = Outcomes.sum(perSecond, s, end);
            double beforeGoodput = (double) before.ok() / beforeSeconds;
            return (second.ok() + second.failed() == 0 || second.share() >= bar)
                    && window.ok() >= 0.5 * beforeGoodput * WINDOW && window.share() >= bar
                    && rest.share() >= bar;
        }
    }
}
