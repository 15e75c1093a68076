package dev.firebreak.lab.gameday;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code firebreak-lab gameday}: runs the scenarios on local clusters and writes the report. */
@Command(name = "gameday", mixinStandardHelpOptions = true,
        description = "Run the game-day scenarios on local clusters and write a Markdown report with PNG charts.")
public final class GameDayCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "docs/gameday", description = "Folder for the report (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--only", split = ",", description = "Run only these scenarios (names as in the report).")
    List<String> only;

    @Option(names = "--scale", defaultValue = "1.0", description = "Multiply every request rate (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--work-dir", description = "Keep each scenario's cluster logs in a folder under this one (default: removed).")
    Path workDir;

    @Option(names = "--quiet", description = "No progress line each second.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        Files.createDirectories(out);
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : Scenarios.all()) {
            if (only != null && !only.contains(scenario.name())) {
                continue;
            }
            Scenario scaled = scenario.scaled(scale);
            console.println("== " + scaled.name() + ": " + scaled.title());
            console.flush();
            ScenarioResult result = ScenarioRunner.run(scaled, workDir == null ? null : workDir.resolve(scaled.name()), quiet ? null : stats -> {
                console.println(stats.progressLine());
                console.flush();
            });
            results.add(result);
            console.println(Report.scenarioTable(result));
            console.flush();
            Charts.write(result, out.resolve(scaled.name() + ".png"));
        }
        Path report = Report.write(results, out, scale);
        console.println("report written to " + report);
        console.flush();
        return 0;
    }
}
