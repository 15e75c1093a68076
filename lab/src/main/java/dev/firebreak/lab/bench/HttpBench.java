package dev.firebreak.lab.bench;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.firebreak.agent.client.HttpClients;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP layer, one build against another in the same run: each build's node and agent run as
 * child processes side by side, and rounds take turns between the builds, so a slow minute of this
 * shared machine lands on both. Measures a node's requests per second (its health probe, the HTTP
 * stack alone, and one-token completions) under closed-loop concurrency, and the latency one
 * sequential client sees direct to the node and through the agent's gateway: the gateway's cost is
 * the difference.
 *
 * <p>Run by {@code scripts/bench_http.sh}, which builds a baseline commit beside the current tree.
 */
public final class HttpBench {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String TOKEN = "http-bench-token";
    private static final String COMPLETION = "{\"model\":\"tiny-chat\",\"prompt\":\"Hi\",\"max_tokens\":1,\"seed\":1}";

    /** One build under test: its node's and agent's runnable jars. */
    record Build(String name, Path nodeJar, Path agentJar) {
    }

    /** One round's figures for one build. */
    record Figures(double healthPerSecond, double completionsPerSecond, double directP50, double directP99,
                   double gatewayP50, double gatewayP99) {
        double addedP50() {
            return gatewayP50 - directP50;
        }

        double addedP99() {
            return gatewayP99 - directP99;
        }
    }

    private record Running(Build build, Process node, Process agent, String nodeUrl, String agentUrl) {
    }

    private final OkHttpClient http = HttpClients.builder().connectionPool(new ConnectionPool(64, 20, TimeUnit.SECONDS))
            .readTimeout(Duration.ofSeconds(30)).build();

    public static void main(String[] args) throws Exception {
        List<Build> builds = new ArrayList<>();
        int rounds = 3;
        int seconds = 5;
        int concurrency = 16;
        Path work = Files.createTempDirectory("http-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--build" -> {
                    String[] parts = args[++i].split("[=,]");
                    builds.add(new Build(parts[0], Path.of(parts[1]), Path.of(parts[2])));
                }
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: --build name=node.jar,agent.jar (twice or more) [--rounds 3] [--seconds 5] [--concurrency 16]");
            }
        }
        if (builds.size() < 2) {
            throw new IllegalArgumentException("give at least two --build name=node.jar,agent.jar");
        }
        new HttpBench().run(builds, rounds, seconds, concurrency, work);
        System.exit(0);
    }

    private void run(List<Build> builds, int rounds, int seconds, int concurrency, Path work) throws Exception {
        List<Running> running = new ArrayList<>();
        try {
            for (Build build : builds) {
                running.add(start(build, work));
            }
            for (Running r : running) {
                warmUp(r, seconds);
            }
            Map<String, List<Figures>> results = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (Running r : running) {
                    Figures f = measure(r, seconds, concurrency);
                    results.computeIfAbsent(r.build().name(), k -> new ArrayList<>()).add(f);
                    System.out.printf("round %d %-8s health %8.0f/s  completions %6.0f/s  direct p50 %.2f p99 %.2f ms"
                                    + "  gateway p50 %.2f p99 %.2f ms%n", round, r.build().name(), f.healthPerSecond(),
                            f.completionsPerSecond(), f.directP50(), f.directP99(), f.gatewayP50(), f.gatewayP99());
                }
            }
            System.out.println(table(results, concurrency, seconds, rounds));
        } finally {
            for (Running r : running) {
                r.agent().destroy();
                r.node().destroy();
            }
        }
    }

    private Running start(Build build, Path work) throws IOException {
        Process node = new ProcessBuilder(java(), "--add-modules", "jdk.incubator.vector", "-jar", build.nodeJar().toString(),
                "--host", "127.0.0.1", "--port", "0", "--node-id", "bench-" + build.name(), "--models", "tiny-chat",
                "--warm-up", "0", "--control-token", TOKEN).redirectErrorStream(true).start();
        String nodeUrl = awaitUrl(node, build.name() + " node");
        Path config = work.resolve(build.name() + "-agent.yaml");
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("cluster", "bench");
        yaml.put("listen", Map.of("host", "127.0.0.1", "port", 0));
        yaml.put("nodes", List.of(Map.of("id", "bench-" + build.name(), "url", nodeUrl, "controlToken", TOKEN)));
        yaml.put("access", List.of(Map.of("name", "bench", "role", "operator", "token", TOKEN)));
        yaml.put("stateFile", work.resolve(build.name() + "-agent.db").toString());
        yaml.put("gateway", Map.of("maxConcurrentPerModel", 256, "maxConcurrentPerNode", 256));
        new YAMLMapper().writeValue(config.toFile(), yaml);
        Process agent = new ProcessBuilder(java(), "-jar", build.agentJar().toString(), "serve", "--config", config.toString())
                .redirectErrorStream(true).start();
        return new Running(build, node, agent, nodeUrl, awaitUrl(agent, build.name() + " agent"));
    }

    private void warmUp(Running r, int seconds) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until && !ok(r.agentUrl() + "/v1/completions", COMPLETION)) {
            Thread.sleep(200);
        }
        // JIT both processes on the very paths measured, as long as one measurement takes.
        closedLoop(r.nodeUrl() + "/health", null, 8, seconds);
        closedLoop(r.nodeUrl() + "/v1/completions", COMPLETION, 8, seconds);
        sequential(r.agentUrl() + "/v1/completions", seconds);
    }

    private Figures measure(Running r, int seconds, int concurrency) throws Exception {
        double health = closedLoop(r.nodeUrl() + "/health", null, concurrency, seconds);
        double completions = closedLoop(r.nodeUrl() + "/v1/completions", COMPLETION, concurrency, seconds);
        Histogram direct = sequential(r.nodeUrl() + "/v1/completions", seconds);
        Histogram gateway = sequential(r.agentUrl() + "/v1/completions", seconds);
        return new Figures(health, completions, millis(direct, 50), millis(direct, 99), millis(gateway, 50),
                millis(gateway, 99));
    }

    /** Requests per second that {@code concurrency} clients, each sending its next as the last answer arrives, got answered with 200. */
    private double closedLoop(String url, String body, int concurrency, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong answered = new AtomicLong();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            clients.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < end) {
                    if (ok(url, body)) {
                        answered.incrementAndGet();
                    }
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get();
        return answered.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** The latency of one client sending one request after another for {@code seconds}, in microseconds. */
    private Histogram sequential(String url, int seconds) {
        Histogram latency = new Histogram(3);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            if (ok(url, COMPLETION)) {
                latency.recordValue((System.nanoTime() - t0) / 1000);
            }
        }
        return latency;
    }

    private boolean ok(String url, String body) {
        Request.Builder request = new Request.Builder().url(url);
        if (body != null) {
            request.post(RequestBody.create(body, JSON));
        }
        try (Response response = http.newCall(request.build()).execute()) {
            response.body().bytes();
            return response.code() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static String table(Map<String, List<Figures>> results, int concurrency, int seconds, int rounds) {
        List<String> names = List.copyOf(results.keySet());
        String base = names.getFirst();
        StringBuilder out = new StringBuilder(String.format("%n| figure (median of %d rounds of %d s) |", rounds, seconds));
        names.forEach(n -> out.append(' ').append(n).append(" |"));
        names.subList(1, names.size()).forEach(n -> out.append(' ').append(n).append(" / ").append(base).append(" |"));
        out.append("\n|---|").append("---|".repeat(2 * names.size() - 1)).append('\n');
        row(out, "node `GET /health`, requests/s (" + concurrency + " clients)", results, Figures::healthPerSecond, "%.0f");
        row(out, "node one-token completions, requests/s (" + concurrency + " clients)", results, Figures::completionsPerSecond, "%.0f");
        row(out, "one client direct to the node, p50 ms", results, Figures::directP50, "%.2f");
        row(out, "one client through the gateway, p50 ms", results, Figures::gatewayP50, "%.2f");
        row(out, "gateway's added latency, p50 ms", results, Figures::addedP50, "%.2f");
        row(out, "one client direct to the node, p99 ms", results, Figures::directP99, "%.2f");
        row(out, "one client through the gateway, p99 ms", results, Figures::gatewayP99, "%.2f");
        row(out, "gateway's added latency, p99 ms", results, Figures::addedP99, "%.2f");
        return out.toString();
    }

    private static void row(StringBuilder out, String label, Map<String, List<Figures>> results,
                            java.util.function.ToDoubleFunction<Figures> figure, String format) {
        List<Double> medians = results.values().stream().map(list -> median(list, figure)).toList();
        out.append("| ").append(label).append(" |");
        medians.forEach(m -> out.append(' ').append(String.format(format, m)).append(" |"));
        medians.subList(1, medians.size()).forEach(m -> out.append(String.format(" %.2fx |", m / medians.getFirst())));
        out.append('\n');
    }

    private static double median(List<Figures> list, java.util.function.ToDoubleFunction<Figures> figure) {
        double[] values = list.stream().mapToDouble(figure).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Reads a child's output until it announces where it listens; the rest of its output is drained in the background. */
    private static String awaitUrl(Process process, String what) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            int at = line.indexOf("listening on ");
            if (at >= 0) {
                String url = line.substring(at + "listening on ".length()).trim();
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return url;
            }
        }
        throw new IOException(what + " exited before it listened (exit " + process.exitValue() + ")");
    }
}
