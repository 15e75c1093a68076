package dev.firebreak.lab.bench;

import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.client.HttpClients;
import dev.firebreak.lab.localcluster.ChildProcess;
import dev.firebreak.lab.loadgen.LoadGenerator;
import dev.firebreak.lab.loadgen.LoadOptions;
import dev.firebreak.lab.loadgen.WorkloadMix;
import dev.firebreak.lab.simulator.LatencyDistribution;
import dev.firebreak.lab.simulator.Simulator;
import dev.firebreak.lab.simulator.SimulatorOptions;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * {@code firebreak-lab gateway-bench}: what the gateway itself costs. Simulated nodes answer in 1 ms;
 * the same open-loop traffic (1,000 requests/s by default) goes straight to a node and through a real
 * agent's gateway (a child JVM, started as the packaged launcher starts it) at the same time, whole
 * and streamed, and the difference in latency is the gateway's; then closed-loop clients find the
 * most requests/s each path answers.
 */
@Command(name = "gateway-bench", mixinStandardHelpOptions = true,
        description = "Measure the gateway's added latency and its most requests/s against simulated 1 ms nodes, direct vs through it.")
public final class GatewayCostCommand implements Callable<Integer> {

    private static final String MODEL = "bench";
    private static final MediaType JSON = MediaType.get("application/json");

    @Option(names = "--nodes", defaultValue = "4", description = "Simulated nodes behind the gateway (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--rate", defaultValue = "1000", description = "Open-loop requests/s (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seconds", defaultValue = "10", description = "Seconds per measurement (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds, each direct then through the gateway (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--clients", defaultValue = "32", description = "Closed-loop clients for the most requests/s (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--agent-jvm", description = "An extra option for the agent's JVM, one per flag, e.g. --agent-jvm=-Xlog:gc:file=gc.log (default: none).")
    List<String> agentJvm = List.of();

    @Option(names = "--work-dir", description = "Folder for the agent's files (default: a temporary one).")
    Path workDir;

    @Mixin
    TableOut out = new TableOut();

    @Spec
    CommandSpec spec;

    /** One round's figures for one path and one kind of request. */
    record Figures(double p50Millis, double p99Millis, double okShare, double maxPerSecond) {
    }

    /** One round's figures for both paths, measured at the same time. */
    record BothPaths(Figures direct, Figures gateway) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter print = spec.commandLine().getOut();
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("gateway-bench");
        SimulatorOptions options = new SimulatorOptions(nodes, null, 0, List.of(NodeKind.FIREBREAK), List.of(MODEL), 1,
                new LatencyDistribution(1, 1), 0, 0, 0, null);
        try (Simulator simulator = Simulator.start(options)) {
            ChildProcess agent = BenchAgent.start(dir, "gateway-bench", simulator.nodes(), 1000,
                    // Open mode: the benchmark measures routing, not the checking of client keys.
                    Map.of("maxConcurrentPerModel", 1024, "maxConcurrentPerNode", 512, "open", true), agentJvmOptions());
            try {
                String gateway = agent.awaitUrl(Duration.ofSeconds(60));
                String direct = simulator.nodes().getFirst().url();
                awaitServing(gateway);
                StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                        "%d simulated nodes answering in 1 ms, %.0f requests/s open loop, %d clients closed loop, median of %d"
                                + " rounds of %d s; latency from each request's due time.%n%n", nodes, rate, clients, rounds, seconds));
                table.append("| requests | direct p50 / p99, ms | gateway p50 / p99, ms | added p50 / p99, ms ")
                        .append("| direct max req/s | gateway max req/s | gateway / direct |\n|---|---|---|---|---|---|---|\n");
                for (boolean stream : new boolean[] {false, true}) {
                    measure(direct, gateway, stream); // warm-up: both paths at once, as measured, and their closed loops
                    List<Figures> viaDirect = new ArrayList<>();
                    List<Figures> viaGateway = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        BothPaths both = measure(direct, gateway, stream);
                        viaDirect.add(both.direct());
                        viaGateway.add(both.gateway());
                        print.printf(Locale.ROOT, "round %d %s: direct %s, gateway %s%n", r + 1, stream ? "streamed" : "whole",
                                viaDirect.getLast(), viaGateway.getLast());
                        print.flush();
                    }
                    Figures d = median(viaDirect);
                    Figures g = median(viaGateway);
                    table.append(String.format(Locale.ROOT, "| %s | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.0f | %.0f | %.2f |%n",
                            stream ? "streamed" : "whole", d.p50Millis(), d.p99Millis(), g.p50Millis(), g.p99Millis(),
                            g.p50Millis() - d.p50Millis(), g.p99Millis() - d.p99Millis(), d.maxPerSecond(), g.maxPerSecond(),
                            g.maxPerSecond() / d.maxPerSecond()));
                }
                out.print(print, table);
            } finally {
                // SIGTERM: the agent's own logs and recordings (a GC log, a flight recording) end whole.
                agent.stop(Duration.ofSeconds(20));
            }
        }
        return 0;
    }

    /** As the packaged launcher starts the agent (packaging/server/agent/firebreak-agent, agent.env.example), then the extra options. */
    private List<String> agentJvmOptions() {
        List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xmx512m"));
        jvm.addAll(agentJvm);
        return jvm;
    }

    /**
     * The same open-loop traffic straight to a node and through the gateway at once, so that both
     * see the same machine (on a shared host a burst of noise in one path's round would otherwise be
     * read as its cost); then each path's most requests/s, one after the other. Direct, then gateway.
     */
    private BothPaths measure(String direct, String gateway, boolean stream) throws Exception {
        Histogram directLatency = new Histogram(3);
        Histogram gatewayLatency = new Histogram(3);
        double directOk;
        double gatewayOk;
        try (ExecutorService beside = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Double> directRun = beside.submit(() -> open(direct, stream, seconds, directLatency));
            gatewayOk = open(gateway, stream, seconds, gatewayLatency);
            directOk = directRun.get();
        }
        return new BothPaths(figures(directLatency, directOk, closedLoop(direct, stream)),
                figures(gatewayLatency, gatewayOk, closedLoop(gateway, stream)));
    }

    private static Figures figures(Histogram latency, double okShare, double maxPerSecond) {
        return new Figures(latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0, okShare, maxPerSecond);
    }

    /** Open-loop Poisson traffic for {@code runSeconds}; records each OK request's latency (µs); the share answered OK. */
    private double open(String url, boolean stream, int runSeconds, Histogram latency) {
        AtomicLong ended = new AtomicLong();
        AtomicLong okCount = new AtomicLong();
        LoadOptions options = LoadOptions.of(url, Map.of(MODEL, rate)).withMix(new WorkloadMix(4, 8, 1, 4, stream ? 1 : 0, 0.5))
                .withDuration(Duration.ofSeconds(runSeconds)).withMaxInFlight(512).withRequestTimeout(Duration.ofSeconds(5))
                .withListener(r -> {
                    ended.incrementAndGet();
                    if (r.ok()) {
                        okCount.incrementAndGet();
                        synchronized (latency) {
                            latency.recordValue(Math.max(1, r.latencyMicros()));
                        }
                    }
                });
        try (LoadGenerator load = LoadGenerator.start(options)) {
            while (!load.awaitDone(Duration.ofSeconds(1))) {
                Thread.onSpinWait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the load on " + url + " ran", e);
        }
        return ended.get() == 0 ? 0 : (double) okCount.get() / ended.get();
    }

    /** Requests/s answered 200 by {@code clients} clients each sending its next as the last answer ends. */
    private double closedLoop(String url, boolean stream) throws Exception {
        OkHttpClient http = HttpClients.builder().connectionPool(new ConnectionPool(clients * 2, 20, TimeUnit.SECONDS))
                .callTimeout(Duration.ofSeconds(5)).build();
        String body = "{\"model\":\"" + MODEL + "\",\"prompt\":\"the cluster\",\"max_tokens\":4" + (stream ? ",\"stream\":true}" : "}");
        Request request = new Request.Builder().url(url + "/v1/completions").post(RequestBody.create(body, JSON)).build();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    try (Response r = http.newCall(request).execute()) {
                        byte[] answer = r.body().bytes();
                        if (r.code() == 200) {
                            answered.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, "HTTP " + r.code() + ": " + new String(answer, StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double rps = answered.get() / ((System.nanoTime() - start) / 1e9);
        if (failed.get() > 0) {
            spec.commandLine().getOut().printf(Locale.ROOT, "closed loop on %s%s: %d failed, first: %s%n", url,
                    stream ? " (streamed)" : "", failed.get(), firstFailure.get());
        }
        http.connectionPool().evictAll();
        http.dispatcher().executorService().shutdown();
        return rps;
    }

    private static void awaitServing(String gateway) throws Exception {
        OkHttpClient http = HttpClients.builder().build();
        Request request = new Request.Builder().url(gateway + "/v1/completions")
                .post(RequestBody.create("{\"model\":\"" + MODEL + "\",\"prompt\":\"hi\",\"max_tokens\":1}", JSON)).build();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            try (Response r = http.newCall(request).execute()) {
                if (r.code() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(200);
        }
        throw new IOException("the gateway at " + gateway + " did not answer within 30 s");
    }

    private static Figures median(List<Figures> list) {
        return new Figures(median(list, Figures::p50Millis), median(list, Figures::p99Millis), median(list, Figures::okShare),
                median(list, Figures::maxPerSecond));
    }

    private static double median(List<Figures> list, ToDoubleFunction<Figures> figure) {
        double[] v = list.stream().mapToDouble(figure).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
