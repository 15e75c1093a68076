package dev.firebreak.lab.gameday;

import dev.firebreak.lab.loadgen.SecondStats;

import java.util.List;
import java.util.Map;

/**
 * What a scenario measured. Times are from the first fault, in milliseconds, {@code null} when it
 * did not happen within the run.
 *
 * @param detectionMillis until the agent raised an event about the fault (node down, leak, stall, gray failure, overload, breaker opened)
 * @param containmentMillis until the gateway stopped sending new work to the faulty node for all its models
 *                          (breakers open or node down), or for overload until the first 429
 * @param recoveryMillis until every model's goodput was back to 90% of before, for good
 * @param rssBytes resident memory of each node process at the end of the before phase
 * @param crashed processes that died without the scenario killing them
 * @param loadAverage the machine's one-minute load average when the traffic started (the machine is shared)
 */
public record ScenarioResult(Scenario scenario, List<ModelFigures> models, List<SecondStats> series,
                             List<TimedEvent> events, Long detectionMillis, Long containmentMillis, Long recoveryMillis,
                             Map<String, Long> rssBytes, List<String> crashed, double loadAverage) {

    public ScenarioResult {
        models = List.copyOf(models);
        series = List.copyOf(series);
        events = List.copyOf(events);
        rssBytes = Map.copyOf(rssBytes);
        crashed = List.copyOf(crashed);
    }

    /**
     * What {@code m} kept of its goodput during the fault: per request offered when a node fails
     * (the same load before and during), per second under overload (where the excess is meant to be shed).
     */
    public double kept(ModelFigures m) {
        return scenario.faultyNode() == null ? m.goodputHeld() : m.goodputKept();
    }

    /** Whether {@code m}'s goodput during or after the fault fell under half of before. */
    public boolean down(ModelFigures m) {
        return kept(m) < 0.5 || (m.before().goodput() > 0 && m.after().goodput() / m.before().goodput() < 0.5);
    }

    /** Models whose goodput during or after the fault fell under half of before. */
    public long modelsDown() {
        return models.stream().filter(this::down).count();
    }

    public long truncatedAsSuccess() {
        return models.stream().mapToLong(ModelFigures::truncatedAsSuccess).sum();
    }

    public long rssTotal() {
        return rssBytes.values().stream().mapToLong(Long::longValue).sum();
    }
}
