package dev.firebreak.lab.gameday;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.client.StreamConnection;
import dev.firebreak.agent.client.StreamListener;
import dev.firebreak.lab.loadgen.LoadGenerator;
import dev.firebreak.lab.loadgen.LoadOptions;
import dev.firebreak.lab.loadgen.LoadStats;
import dev.firebreak.lab.loadgen.RequestResult;
import dev.firebreak.lab.loadgen.SecondStats;
import dev.firebreak.lab.localcluster.ChildProcess;
import dev.firebreak.lab.localcluster.LocalCluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Runs one {@link Scenario} on a fresh local cluster and measures it. */
public final class ScenarioRunner {

    private static final System.Logger LOG = System.getLogger(ScenarioRunner.class.getName());
    /** Clients give up after this; the naive balancer waits longer, as proxies' read timeouts do. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROXY_TIMEOUT = Duration.ofSeconds(60);

    private ScenarioRunner() {
    }

    /**
     * Starts the scenario's cluster, sends its traffic, applies its faults on time, and returns what
     * clients and the agent saw. Every process it started is stopped on return, also on failure.
     *
     * @param workDir where the cluster's configuration and logs go (kept), or {@code null} for a temporary folder
     * @param live told the traffic's figures each second while it runs (e.g. a console's live panel), or {@code null}
     */
    public static ScenarioResult run(Scenario scenario, Path workDir, Consumer<LoadStats> live)
            throws IOException, InterruptedException {
        return run(scenario, workDir, live, null);
    }

    /**
     * The same, telling {@code started} the scenario's cluster once it is up, before any traffic,
     * so a console can watch it live (its agent URL and operator token).
     */
    public static ScenarioResult run(Scenario scenario, Path workDir, Consumer<LoadStats> live,
                                     Consumer<LocalCluster> started) throws IOException, InterruptedException {
        LOG.log(System.Logger.Level.INFO, "scenario {0}: {1}", scenario.name(), scenario.title());
        LocalCluster.Options options = new LocalCluster.Options(scenario.name(), scenario.nodes(), scenario.models(),
                workDir, scenario.setup());
        List<ClusterEvent> events = new CopyOnWriteArrayList<>();
        try (LocalCluster cluster = LocalCluster.start(options);
             AgentClient agent = new AgentClient(cluster.agentUrl(), cluster.viewerToken());
             Stage stage = new Stage(cluster, scenario.rates());
             NaiveBalancer balancer = scenario.route() == Route.NAIVE
                     ? NaiveBalancer.start(nodesByModel(cluster), PROXY_TIMEOUT) : null;
             StreamConnection stream = agent.openStream(StreamListener.of(snapshot -> { }, events::add))) {
            if (started != null) {
                started.accept(cluster);
            }
            double loadAverage = loadAverage();
            String target = balancer != null ? balancer.url() : cluster.agentUrl();
            List<RequestResult> results = new CopyOnWriteArrayList<>();
            LoadOptions load = LoadOptions.of(target, scenario.rates()).withMix(scenario.mix())
                    .withDuration(Duration.ofMillis((long) (scenario.seconds() * 1000)))
                    .withRequestTimeout(CLIENT_TIMEOUT).withMaxInFlight(512).withSeed(7).withListener(results::add)
                    .withApiKey(balancer != null ? null : cluster.clientKey());
            long t0 = System.nanoTime();
            long t0Millis = System.currentTimeMillis();
            Map<String, Long> rss = Map.of();
            List<SecondStats> series;
            try (LoadGenerator generator = LoadGenerator.start(load)) {
                stage.load(generator);
                List<Step> steps = scenario.steps().stream().sorted(Comparator.comparingDouble(Step::atSeconds)).toList();
                for (Step step : steps) {
                    waitUntil(t0, step.atSeconds(), generator, live);
                    if (rss.isEmpty()) {
                        rss = residentMemory(cluster);
                    }
                    stage.apply(step.fault());
                }
                waitUntil(t0, scenario.seconds(), generator, live);
                generator.awaitDone(CLIENT_TIMEOUT.plusSeconds(5));
                generator.close();
                series = generator.series();
            }
            List<String> crashed = crashed(cluster, stage);
            double faultAt = scenario.faultAt();
            long faultMillis = t0Millis + (long) (faultAt * 1000);
            List<TimedEvent> timed = events.stream()
                    .map(e -> new TimedEvent((e.atMillis() - t0Millis) / 1000.0, e.type(), e.nodeId(), e.message()))
                    .sorted(Comparator.comparingDouble(TimedEvent::atSeconds)).toList();
            Measures measures = new Measures(scenario, t0, results);
            Map<String, BudgetSpent> budgets = BudgetMeter.measure(scenario.models(), results, t0, (long) (scenario.seconds() * 1000));
            List<ModelFigures> models = scenario.models().stream()
                    .map(m -> measures.model(m, cluster.nodes().stream()
                            .anyMatch(n -> n.id().equals(scenario.faultyNode()) && n.models().contains(m)), budgets.get(m)))
                    .toList();
            Long detection = Timing.detection(scenario, events, faultMillis);
            Long containment = scenario.faultyNode() == null ? measures.firstShedAfterFault()
                    : scenario.route() == Route.NAIVE ? null
                    : Timing.containment(scenario.faultyNode(), cluster.node(scenario.faultyNode()).models(), events, faultMillis);
            Long recovery = Timing.recovery(scenario, series);
            return new ScenarioResult(scenario, models, series, timed, detection, containment, recovery, rss, crashed,
                    loadAverage);
        }
    }

    private static void waitUntil(long t0, double seconds, LoadGenerator generator, Consumer<LoadStats> live)
            throws InterruptedException {
        long due = t0 + (long) (seconds * 1e9);
        long nextLine = System.nanoTime();
        while (System.nanoTime() < due) {
            if (live != null && System.nanoTime() >= nextLine) {
                live.accept(generator.stats(1));
                nextLine += 1_000_000_000L;
            }
            long left = Math.min(due, nextLine) - System.nanoTime();
            if (left > 0) {
                Thread.sleep(Duration.ofNanos(left));
            }
        }
    }

    /** The one-minute load average from /proc, NaN where there is none. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static Map<String, List<String>> nodesByModel(LocalCluster cluster) {
        Map<String, List<String>> byModel = new LinkedHashMap<>();
        for (LocalCluster.Node node : cluster.nodes()) {
            for (String model : node.models()) {
                byModel.computeIfAbsent(model, m -> new ArrayList<>()).add(node.url());
            }
        }
        return byModel;
    }

    /** VmRSS of every node process, from /proc. */
    static Map<String, Long> residentMemory(LocalCluster cluster) {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (LocalCluster.Node node : cluster.nodes()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(node.process().pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss.put(node.id(), Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                LOG.log(System.Logger.Level.WARNING, "no RSS for {0}: {1}", node.id(), e.getMessage());
            }
        }
        return rss;
    }

    private static List<String> crashed(LocalCluster cluster, Stage stage) {
        List<String> crashed = new ArrayList<>();
        for (ChildProcess child : cluster.processes()) {
            if (!child.isAlive() && !stage.killed().contains(child.name())) {
                crashed.add(child.name());
            }
        }
        return crashed;
    }
}
