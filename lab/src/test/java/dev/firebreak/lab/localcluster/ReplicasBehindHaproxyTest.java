package dev.firebreak.lab.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.AgentMain;
import dev.firebreak.agent.api.KeyRequest;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.state.StateLocation;
import dev.firebreak.agent.testing.ClosedLoop;
import dev.firebreak.agent.testing.Completions;
import dev.firebreak.agent.testing.Fixtures;
import dev.firebreak.agent.testing.Postgres;
import dev.firebreak.node.http.Json;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two agent replicas (child processes) sharing a real PostgreSQL, behind a real HAProxy that
 * checks each one's {@code /ready}, in front of three nodes, with traffic through HAProxy: a
 * replica killed with SIGKILL costs at most the requests in flight on it, what it acknowledged is
 * in force on the survivor, a PostgreSQL restart under load fails no request, and the killed
 * replica, restarted, takes traffic again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasBehindHaproxyTest {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20))
            .retryOnConnectionFailure(false).build();

    private static Postgres postgres;
    private static LocalCluster cluster;
    private static String clientKey;
    private static String state;
    private static final int[] PORTS = new int[2];
    private static final ChildProcess[] REPLICAS = new ChildProcess[2];
    private static Process haproxy;
    private static int frontPort;
    private static int statsPort;

    @BeforeAll
    static void start() throws Exception {
        postgres = Postgres.start();
        state = postgres.newDatabase();
        cluster = LocalCluster.start(new LocalCluster.Options("ha", 3, List.of("tiny-chat"), null));
        for (int i = 0; i < 2; i++) {
            PORTS[i] = freePort();
            REPLICAS[i] = startReplica(i);
        }
        // The replicas keep their state, client keys too, in PostgreSQL, not in the local agent's file.
        try (AgentClient operator = new AgentClient("http://127.0.0.1:" + PORTS[0], cluster.operatorToken())) {
            clientKey = operator.keys(KeyRequest.create("ha-test", null, null, null, null, "HA test traffic",
                    UUID.randomUUID().toString())).secret();
        }
        frontPort = freePort();
        statsPort = freePort();
        Path config = cluster.workDir().resolve("haproxy.cfg");
        Files.writeString(config, """
                global
                  maxconn 512
                defaults
                  mode http
                  timeout connect 1s
                  timeout client 30s
                  timeout server 30s
                  retries 2
                  option redispatch 1
                frontend gateway
                  bind 127.0.0.1:%d
                  default_backend agents
                frontend stats
                  bind 127.0.0.1:%d
                  stats enable
                  stats uri /stats
                backend agents
                  balance roundrobin
                  option httpchk GET /ready
                  server a 127.0.0.1:%d check inter 200 fall 2 rise 2
                  server b 127.0.0.1:%d check inter 200 fall 2 rise 2
                """.formatted(frontPort, statsPort, PORTS[0], PORTS[1]));
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(cluster.workDir().resolve("haproxy.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> up("a") && up("b"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroyForcibly();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        for (ChildProcess replica : REPLICAS) {
            if (replica != null) {
                replica.kill();
            }
        }
        Fixtures.closeAll(cluster, postgres);
    }

    private static ChildProcess startReplica(int i) throws IOException, InterruptedException {
        JavaCommand command = new JavaCommand(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m"),
                AgentMain.class.getName(), List.of("serve", "--config", cluster.workDir().resolve("agent.yaml").toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(PORTS[i]), "--state", state,
                "--parent-pid", Long.toString(ProcessHandle.current().pid())));
        ChildProcess child = ChildProcess.start("replica-" + i, command, Map.of(StateLocation.PASSWORD_ENV, Postgres.PASSWORD),
                cluster.workDir().resolve("replica-" + i + "-" + UUID.randomUUID() + ".log"), AgentMain.LISTENING);
        child.awaitUrl(Duration.ofSeconds(60));
        return child;
    }

    /** One request through HAProxy: when it was sent, when it ended, and what came back (-1: no answer). */
    private record Sent(long startNanos, long endNanos, int status) {
        boolean failed() {
            return status != 200 && status != 429;
        }
    }

    /**
     * The benchmark of docs/benchmarks/ha.md, on the same processes (not a test: it asserts only
     * that every action arrived): {@code -Dha.bench=200} actions taken on replica b, one at a time,
     * each timed from its acknowledgement until replica a lists its override (polled every 2 ms).
     */
    @Test
    @Order(1)
    @EnabledIfSystemProperty(named = "ha.bench", matches = "\\d+")
    void measuresHowFastAnActionReachesTheOtherReplica() throws Exception {
        int actions = Integer.getInteger("ha.bench");
        long[] micros = new long[actions];
        for (int i = 0; i < actions; i++) {
            JsonNode done = act("http://127.0.0.1:" + PORTS[1], UUID.randomUUID().toString(), "tiny-chat");
            long acknowledged = System.nanoTime();
            long id = done.path("auditId").asLong();
            while (!overrideIds("http://127.0.0.1:" + PORTS[0]).contains(id)) {
                Thread.sleep(2);
                assertThat(System.nanoTime() - acknowledged).isLessThan(TimeUnit.SECONDS.toNanos(5));
            }
            micros[i] = (System.nanoTime() - acknowledged) / 1000;
        }
        java.util.Arrays.sort(micros);
        System.out.printf("propagation of %d actions to the other replica: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                actions, micros[actions / 2] / 1000.0, micros[(int) Math.ceil(actions * 0.99) - 1] / 1000.0,
                micros[actions - 1] / 1000.0);
    }

    /**
     * The second benchmark of docs/benchmarks/ha.md: the same offered load ({@code -Dha.bench.rate}
     * one-token completions a second, 12 by default, for {@code -Dha.bench.seconds}, 10 by default,
     * sent on schedule whether or not earlier ones have answered) to one replica directly and through
     * HAProxy to both, rounds interleaved, three of each; prints the median round's figures.
     */
    @Test
    @Order(2)
    @EnabledIfSystemProperty(named = "ha.bench", matches = "\\d+")
    void measuresRequestsPerSecondAndLatencyBehindHaproxyAgainstOneAgentDirect() throws Exception {
        double rate = Double.parseDouble(System.getProperty("ha.bench.rate", "12"));
        int seconds = Integer.getInteger("ha.bench.seconds", 10);
        String direct = "http://127.0.0.1:" + PORTS[0];
        String front = "http://127.0.0.1:" + frontPort;
        offer(front, rate, 3); // warm-up: both replicas' gateways and connections
        Map<String, List<double[]>> rounds = Map.of(direct, new ArrayList<>(), front, new ArrayList<>());
        for (int round = 0; round < 3; round++) {
            for (String target : List.of(direct, front)) {
                List<Sent> sent = offer(target, rate, seconds);
                long[] micros = sent.stream().filter(x -> x.status() == 200)
                        .mapToLong(x -> (x.endNanos() - x.startNanos()) / 1000).sorted().toArray();
                assertThat(micros).as("answered requests to " + target).isNotEmpty();
                rounds.get(target).add(new double[] {micros.length / (double) seconds, percentile(micros, 0.50),
                        percentile(micros, 0.99), sent.stream().filter(Sent::failed).count()});
            }
        }
        double[] d = medianRound(rounds.get(direct));
        double[] h = medianRound(rounds.get(front));
        System.out.printf("offered %.0f req/s for %d s, median of 3 interleaved rounds%n", rate, seconds);
        System.out.printf("1 agent direct:        %.1f req/s, p50 %.1f ms, p99 %.1f ms, failed %.0f%n", d[0], d[1], d[2], d[3]);
        System.out.printf("2 replicas via HAProxy: %.1f req/s, p50 %.1f ms, p99 %.1f ms, failed %.0f%n", h[0], h[1], h[2], h[3]);
        System.out.printf("ratio HAProxy/direct: req/s %.2fx, p99 %.2fx, added p99 %.1f ms%n", h[0] / d[0], h[2] / d[2],
                h[2] - d[2]);
    }

    /** Sends {@code rate} completions a second to {@code url} for {@code seconds}, on schedule, and waits for every answer. */
    private static List<Sent> offer(String url, double rate, int seconds) throws InterruptedException {
        Queue<Sent> sent = new ConcurrentLinkedQueue<>();
        List<Thread> calls = new ArrayList<>();
        long period = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        for (long at = start; at < start + TimeUnit.SECONDS.toNanos(seconds); at += period) {
            long wait = at - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            calls.add(Thread.ofVirtual().start(() -> sent.add(complete(url))));
        }
        for (Thread call : calls) {
            call.join(Duration.ofSeconds(30));
        }
        return List.copyOf(sent);
    }

    private static double percentile(long[] sortedMicros, double p) {
        return sortedMicros[Math.max(0, (int) Math.ceil(sortedMicros.length * p) - 1)] / 1000.0;
    }

    /** The round whose p99 is the median of the three. */
    private static double[] medianRound(List<double[]> rounds) {
        List<double[]> byP99 = new ArrayList<>(rounds);
        byP99.sort(java.util.Comparator.comparingDouble(r -> r[2]));
        return byP99.get(byP99.size() / 2);
    }

    @Test
    @Order(3)
    void aKilledReplicaCostsOnlyItsInFlightRequestsAndLosesNothingItAcknowledged() throws Exception {
        ClosedLoop<Sent> traffic = ClosedLoop.start(4, ReplicasBehindHaproxyTest::complete);
        Queue<Sent> sent = traffic.answers();
        // Long streams, some on each replica (round robin), each reading until its end.
        List<java.util.concurrent.CompletableFuture<String>> streams = new ArrayList<>();
        java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(STREAMS);
        for (int i = 0; i < STREAMS; i++) {
            streams.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> stream(streaming),
                    java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
        }
        try (traffic) {
            JsonNode tripped = act(UUID.randomUUID().toString());
            long acknowledged = tripped.path("auditId").asLong();
            assertThat(streaming.await(30, TimeUnit.SECONDS)).as("every stream sent its first token").isTrue();

            long killedAt = System.nanoTime();
            REPLICAS[0].kill();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> !up("a"));
            long markedDown = System.nanoTime();
            System.out.printf("kill -9 to HAProxy marking the replica down: %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(markedDown - killedAt));
            // Answered by the survivor's gateway: served, or shed with 429 when the machine is too busy to serve.
            await().atMost(Duration.ofSeconds(15)).until(() -> sent.stream().filter(s -> s.startNanos() >= markedDown
                    && !s.failed()).count() >= 3);
            assertThat(sent.stream().filter(s -> s.startNanos() >= markedDown && s.failed()).toList())
                    .as("requests sent after HAProxy marked the killed replica down").isEmpty();
            assertThat(overrideIds("http://127.0.0.1:" + PORTS[1])).contains(acknowledged);
            // A stream cut with its replica ends with an error for its client; none looks complete without its end.
            List<String> ends = streams.stream().map(f -> f.orTimeout(60, TimeUnit.SECONDS).join()).toList();
            assertThat(ends).as("how each stream ended").allMatch(e -> e.equals("complete") || e.startsWith("error"));
            assertThat(ends).as("streams cut by the kill").anyMatch(e -> e.startsWith("error"));

            long restartFrom = System.nanoTime();
            postgres.stop();
            postgres.resume();
            JsonNode after = await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(
                    () -> act(UUID.randomUUID().toString()), r -> r.path("decision").asText().equals("APPLIED"));
            assertThat(sent.stream().filter(s -> s.startNanos() >= restartFrom && s.failed()).toList())
                    .as("requests during the PostgreSQL restart").isEmpty();
            assertThat(overrideIds("http://127.0.0.1:" + PORTS[1])).contains(acknowledged, after.path("auditId").asLong());

            REPLICAS[0] = startReplica(0);
            HTTP.connectionPool().evictAll(); // kept-alive connections to the killed process are dead
            await().atMost(Duration.ofSeconds(10)).until(() -> up("a"));
            assertThat(overrideIds("http://127.0.0.1:" + PORTS[0])).contains(acknowledged, after.path("auditId").asLong());
        }
    }

    private static final int STREAMS = 8;

    /**
     * A long streamed completion through HAProxy, read to its end: "complete" when it ended with its
     * finish reason and {@code [DONE]}, "error: ..." when the read failed, "truncated" when the body
     * ended without them (what a client must never see).
     */
    private static String stream(java.util.concurrent.CountDownLatch firstToken) {
        String body = "{\"model\":\"tiny-chat\",\"prompt\":\"hi\",\"max_tokens\":300,\"stream\":true}";
        boolean counted = false;
        try (Response r = HTTP.newBuilder().callTimeout(Duration.ofSeconds(120)).build().newCall(new Request.Builder()
                .url("http://127.0.0.1:" + frontPort + "/v1/completions").header("Authorization", "Bearer " + clientKey)
                .post(RequestBody.create(body, JSON)).build()).execute()) {
            if (r.code() != 200) {
                return "error: HTTP " + r.code();
            }
            okio.BufferedSource source = r.body().source();
            boolean finished = false;
            boolean done = false;
            String line;
            while ((line = source.readUtf8Line()) != null) {
                if (!counted && line.startsWith("data: {")) {
                    firstToken.countDown();
                    counted = true;
                }
                finished |= line.contains("\"finish_reason\":\"");
                done |= line.equals("data: [DONE]");
            }
            return finished && done ? "complete" : "truncated";
        } catch (IOException e) {
            return "error: " + e.getMessage();
        } finally {
            if (!counted) {
                firstToken.countDown();
            }
        }
    }

    private static Sent complete() {
        return complete("http://127.0.0.1:" + frontPort);
    }

    private static Sent complete(String url) {
        long start = System.nanoTime();
        int status = Completions.status(HTTP, Completions.request(url, "tiny-chat", "hi", 4).newBuilder()
                .header("Authorization", "Bearer " + clientKey).build());
        return new Sent(start, System.nanoTime(), status);
    }

    private static JsonNode act(String key) throws IOException {
        return act("http://127.0.0.1:" + frontPort, key, "tiny-chat");
    }

    private static JsonNode act(String url, String key, String model) throws IOException {
        String body = "{\"type\":\"TRIP\",\"model\":\"" + model + "\",\"node\":\"node-3\",\"reason\":\"replica test\","
                + "\"idempotencyKey\":\"" + key + "\"}";
        try (Response r = HTTP.newCall(new Request.Builder().url(url + "/api/v1/actions")
                .header("Authorization", "Bearer " + cluster.operatorToken())
                .post(RequestBody.create(body, JSON)).build()).execute()) {
            String text = r.body().string();
            if (r.code() != 200) {
                throw new IOException("action answered " + r.code() + ": " + text);
            }
            return Json.mapper().readTree(text);
        }
    }

    private static List<Long> overrideIds(String agentUrl) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(agentUrl + "/api/v1/cluster")
                .header("Authorization", "Bearer " + cluster.viewerToken()).build()).execute()) {
            List<Long> ids = new ArrayList<>();
            for (JsonNode o : Json.mapper().readTree(r.body().string()).path("overrides")) {
                ids.add(o.path("id").asLong());
            }
            return ids;
        }
    }

    /** Whether HAProxy has server {@code name} UP, from its stats CSV. */
    private static boolean up(String name) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url("http://127.0.0.1:" + statsPort + "/stats;csv").build())
                .execute()) {
            for (String line : r.body().string().lines().toList()) {
                String[] f = line.split(",");
                if (f.length > 17 && f[0].equals("agents") && f[1].equals(name)) {
                    return f[17].startsWith("UP");
                }
            }
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
