package dev.firebreak.lab.scale;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.client.StreamConnection;
import dev.firebreak.agent.client.StreamListener;
import dev.firebreak.lab.localcluster.ChildProcess;
import dev.firebreak.lab.bench.BenchAgent;
import dev.firebreak.lab.simulator.AgentYaml;
import dev.firebreak.lab.simulator.SimulatedNode;
import dev.firebreak.lab.simulator.Simulator;
import dev.firebreak.lab.simulator.SimulatorOptions;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One fleet size: the simulator in this process, a real agent as a child JVM watching every node
 * at the interval, a warm-up, a measured window (the agent's CPU from {@code /proc}, its heap from
 * its GC log, the gaps between scrapes as the nodes saw them, the bytes one console's live stream
 * receives), then a few nodes' ports closed at
 * once and the time until the agent calls each down.
 */
final class ScaleRun {

    private static final System.Logger LOG = System.getLogger(ScaleRun.class.getName());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DOWN_WAIT = Duration.ofSeconds(10);

    /** How a run is made. */
    record Settings(SimulatorOptions simulator, long intervalMillis, Duration warmUp, Duration measure, int takenDown,
                    String agentHeap, List<String> agentJvmOptions, Path workDir) {
    }

    private ScaleRun() {
    }

    static ScaleFigures run(Settings settings) throws Exception {
        Path dir = Files.createDirectories(settings.workDir().resolve("nodes-" + settings.simulator().nodes()));
        try (Simulator simulator = Simulator.start(settings.simulator())) {
            Path gcLog = dir.resolve("agent-gc.log");
            List<String> jvm = new ArrayList<>(List.of("-Xmx" + settings.agentHeap(), "-Xlog:gc:file=" + gcLog));
            jvm.addAll(settings.agentJvmOptions());
            ChildProcess agent = BenchAgent.start(dir, "scale", simulator.nodes(), settings.intervalMillis(), Map.of(), jvm);
            try {
                String url = agent.awaitUrl(START_TIMEOUT);
                try (AgentClient client = new AgentClient(url, AgentYaml.TOKEN)) {
                    awaitAllUp(client, simulator.nodes().size());
                    LOG.log(System.Logger.Level.INFO, "{0} nodes up; warming up for {1} s", simulator.nodes().size(),
                            settings.warmUp().toSeconds());
                    Thread.sleep(settings.warmUp().toMillis());
                    return measure(settings, simulator, agent, url, gcLog, client);
                }
            } finally {
                agent.kill();
            }
        }
    }

    private static ScaleFigures measure(Settings settings, Simulator simulator, ChildProcess agent, String url, Path gcLog,
                                        AgentClient client) throws Exception {
        int gcLinesBefore = GcLog.lines(gcLog);
        simulator.scrapeGaps().sinceLastCall();
        double agentCpu0 = ProcessCpu.seconds(agent.pid());
        double ownCpu0 = ownCpuSeconds();
        long t0;
        long[] streamed;
        try (StreamBytes stream = StreamBytes.open(url, AgentYaml.TOKEN)) {
            t0 = System.nanoTime();
            Thread.sleep(settings.measure().toMillis());
            streamed = stream.sinceStart();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        long wholeState = StreamBytes.wholeStateBytes(url, AgentYaml.TOKEN);
        double agentCores = (ProcessCpu.seconds(agent.pid()) - agentCpu0) / wall;
        double ownCores = (ownCpuSeconds() - ownCpu0) / wall;
        Histogram gaps = simulator.scrapeGaps().sinceLastCall();
        fullCollection(agent.pid());
        GcLog.Heap heap = GcLog.read(gcLog, gcLinesBefore);
        long[] down = downDetection(settings, simulator, client);
        int nodes = simulator.nodes().size();
        return new ScaleFigures(nodes, settings.simulator().models().size(), agentCores, heap.liveAfterFullMb(),
                heap.maxCommittedMb(), heap.collections(),
                gaps.getValueAtPercentile(50) / 1000.0, gaps.getValueAtPercentile(99) / 1000.0,
                gaps.getTotalCount() / (nodes * wall), down[0], down[1], ownCores,
                streamed[0] / wall / 1024, streamed[1] / wall, wholeState / 1024.0);
    }

    /** Closes the ports of a few nodes spread over the fleet at once; [median, max] ms until the agent's node-down event. */
    private static long[] downDetection(Settings settings, Simulator simulator, AgentClient client) throws Exception {
        List<SimulatedNode> all = simulator.nodes();
        List<SimulatedNode> victims = new ArrayList<>();
        for (int i = 0; i < settings.takenDown(); i++) {
            victims.add(all.get((int) ((long) i * all.size() / settings.takenDown() + all.size() / (2L * settings.takenDown()))));
        }
        Map<String, Long> downAt = new ConcurrentHashMap<>();
        CountDownLatch connected = new CountDownLatch(1);
        try (StreamConnection stream = client.openStream(StreamListener.of(snapshot -> connected.countDown(), event -> {
            if (event.type().equals("node-down")) {
                downAt.putIfAbsent(event.nodeId(), event.atMillis());
            }
        }))) {
            connected.await(10, TimeUnit.SECONDS);
            long closedAt = System.currentTimeMillis();
            for (SimulatedNode victim : victims) {
                victim.down();
            }
            long until = System.nanoTime() + DOWN_WAIT.toNanos();
            while (System.nanoTime() < until && !downAt.keySet().containsAll(victims.stream().map(SimulatedNode::id).toList())) {
                Thread.sleep(20);
            }
            List<Long> times = victims.stream().map(v -> downAt.get(v.id())).map(at -> at == null ? null : at - closedAt)
                    .toList();
            for (SimulatedNode victim : victims) {
                victim.bringUp();
            }
            if (times.contains(null)) {
                return new long[] {-1, -1};
            }
            List<Long> sorted = times.stream().sorted().toList();
            return new long[] {sorted.get(sorted.size() / 2), sorted.getLast()};
        }
    }

    private static void awaitAllUp(AgentClient client, int nodes) throws Exception {
        long until = System.nanoTime() + START_TIMEOUT.toNanos();
        long up = 0;
        while (System.nanoTime() < until) {
            try {
                up = client.cluster().nodes().stream().filter(n -> n.health() == NodeHealth.UP).count();
                if (up == nodes) {
                    return;
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "agent not answering yet: " + e.getMessage());
            }
            Thread.sleep(500);
        }
        throw new IOException("the agent saw " + up + " of " + nodes + " nodes up within " + START_TIMEOUT.toSeconds() + " s");
    }

    /** Asks the agent's JVM for a full collection (jcmd GC.run), whose pause the GC log then shows with the live heap. */
    private static void fullCollection(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        Thread.sleep(200); // the log line is written as the pause ends
    }

    private static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
}
