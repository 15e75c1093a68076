package dev.firebreak.lab.scale;

import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.lab.bench.TableOut;
import dev.firebreak.lab.loadgen.LoadCommand;
import dev.firebreak.lab.simulator.SimulatorOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * {@code firebreak-lab scale-bench}: one real agent (a child JVM) against 100, 300 and 1,000
 * simulated nodes in turn, each serving 4 models, scraped at 1 Hz; prints the agent's CPU and heap,
 * the gaps between scrapes and the node-down detection time per fleet size, as a Markdown table.
 */
@Command(name = "scale-bench", mixinStandardHelpOptions = true,
        description = "Measure one agent watching 100, 300 and 1,000 simulated nodes: CPU, heap, scrape lag, node-down detection.")
public final class ScaleBenchCommand implements Callable<Integer> {

    @Option(names = "--nodes", split = ",", defaultValue = "100,300,1000", description = "Fleet sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--models", defaultValue = "4", description = "Models per node (default: ${DEFAULT-VALUE}).")
    int models;

    @Option(names = "--kinds", split = ",", defaultValue = "firebreak,vllm,sglang",
            description = "Node kinds taken in turn (default: ${DEFAULT-VALUE}).")
    List<String> kinds;

    @Option(names = "--interval", defaultValue = "1000", description = "Scrape interval in ms (default: ${DEFAULT-VALUE}).")
    long intervalMillis;

    @Option(names = "--warm-up", defaultValue = "20s", converter = LoadCommand.DurationConverter.class,
            description = "Before measuring, per size (default: ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--measure", defaultValue = "30s", converter = LoadCommand.DurationConverter.class,
            description = "Measured window per size (default: ${DEFAULT-VALUE}).")
    Duration measure;

    @Option(names = "--down", defaultValue = "5", description = "Nodes whose ports close at once to time node-down (default: ${DEFAULT-VALUE}).")
    int down;

    @Option(names = "--agent-heap", defaultValue = "1g", description = "The agent's -Xmx (default: ${DEFAULT-VALUE}).")
    String agentHeap;

    @Option(names = "--agent-jvm-option", description = "One more option of the agent's JVM (a profiler's), repeatable.")
    List<String> agentJvmOptions = new ArrayList<>();

    @Option(names = "--work-dir", description = "Folder for the agent's configuration and logs (default: a temporary one).")
    Path workDir;

    @Mixin
    TableOut out = new TableOut();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter print = spec.commandLine().getOut();
        // Every fleet checked before the first is started, so a bad size fails at once, not after a run.
        List<SimulatorOptions> fleets;
        try {
            List<NodeKind> parsedKinds = kinds.stream().map(NodeKind::of).toList();
            if (down < 1 || sizes.stream().anyMatch(n -> n < down)) {
                throw new IllegalArgumentException("--down must be at least 1 and at most the smallest of --nodes, got " + down);
            }
            fleets = sizes.stream()
                    .map(n -> new SimulatorOptions(n, null, 0, parsedKinds, modelNames(), 1, null, 200, 0, 2, null)).toList();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("scale-bench");
        List<ScaleFigures> results = new ArrayList<>();
        for (SimulatorOptions simulator : fleets) {
            ScaleFigures f = ScaleRun.run(new ScaleRun.Settings(simulator, intervalMillis, warmUp, measure, down, agentHeap,
                    agentJvmOptions, dir));
            results.add(f);
            print.println(ScaleTable.row(f, intervalMillis));
            print.flush();
        }
        String table = ScaleTable.markdown(results, intervalMillis, measure, kinds);
        out.print(print, table);
        return 0;
    }

    private List<String> modelNames() {
        return IntStream.rangeClosed(1, models).mapToObj(i -> String.format(Locale.ROOT, "model-%d", i)).toList();
    }
}
