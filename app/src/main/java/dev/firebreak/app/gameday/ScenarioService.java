package dev.firebreak.app.gameday;

import dev.firebreak.lab.gameday.Report;
import dev.firebreak.lab.gameday.Scenario;
import dev.firebreak.lab.gameday.ScenarioResult;
import dev.firebreak.lab.gameday.ScenarioRunner;
import dev.firebreak.lab.loadgen.LoadStats;
import dev.firebreak.lab.localcluster.LocalCluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs a game-day scenario of the report ({@code firebreak-lab gameday}) on a fresh cluster of its
 * own, on a virtual thread. Imports nothing from JavaFX: what it tells arrives on its thread.
 */
public final class ScenarioService {

    /** What a running scenario tells, on the scenario's thread. */
    public interface Progress {
        /** What its clients see, each second. */
        void clients(LoadStats stats);

        /** Its cluster is up. */
        void started(LocalCluster cluster);

        /** It ended: its measured table, or why it failed. */
        void finished(String outcome);
    }

    /** Runs a scenario to its end and says how it went; tests give their own. */
    interface Runner {
        String run(Scenario scenario, Progress progress) throws Exception;
    }

    private final Runner runner;

    /** Runs the report's scenarios; once a scenario ran both with protections off and on, its table says what each spent. */
    public ScenarioService() {
        Map<String, ScenarioResult> finished = new ConcurrentHashMap<>();
        this((scenario, progress) -> {
            ScenarioResult result = ScenarioRunner.run(scenario, null, progress::clients, progress::started);
            finished.put(scenario.name(), result);
            String both = Report.onVersusOff(finished.values().stream()
                    .filter(r -> Report.pair(r.scenario()).equals(Report.pair(scenario))).toList());
            return Report.scenarioTable(result) + (both.isEmpty() ? ""
                    : "\nError budget spent, protections off versus on (this console's runs):\n\n" + both);
        });
    }

    ScenarioService(Runner runner) {
        this.runner = runner;
    }

    /** Starts {@code scenario}; {@code progress} hears from it until {@link Progress#finished}. */
    public void run(Scenario scenario, Progress progress) {
        Thread.ofVirtual().name("scenario-" + scenario.name()).start(() -> {
            String outcome;
            try {
                outcome = runner.run(scenario, progress);
            } catch (Exception e) {
                outcome = scenario.name() + " failed: " + e.getMessage();
            }
            progress.finished(outcome);
        });
    }
}
