package dev.firebreak.agent.localcluster;

import dev.firebreak.agent.client.HttpClients;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings fresh node JVMs to speed before traffic (a game-day scenario's, the console's): a fresh JVM answers its first
 * requests in seconds (the Vector API kernels are not compiled yet), which would be counted as
 * the fault's doing. Each model on each node gets small requests one after another until one is
 * fast, or the time is up.
 */
public final class WarmUp {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final Duration FAST = Duration.ofMillis(800);
    private static final Duration LIMIT = Duration.ofSeconds(15);
    private static final System.Logger LOG = System.getLogger(WarmUp.class.getName());

    private WarmUp() {
    }

    /** Warms every model on every node of {@code cluster}, in parallel; returns within about 15 s. */
    public static void nodes(LocalCluster cluster) throws InterruptedException {
        OkHttpClient http = HttpClients.builder().readTimeout(LIMIT).build();
        try {
            List<Thread> threads = new ArrayList<>();
            for (LocalCluster.Node node : cluster.nodes()) {
                for (String model : node.models()) {
                    threads.add(Thread.ofVirtual().start(() -> warm(http, node, model)));
                }
            }
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            http.connectionPool().evictAll();
            http.dispatcher().executorService().shutdown();
        }
    }

    private static void warm(OkHttpClient http, LocalCluster.Node node, String model) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        int requests = 0;
        long took = Long.MAX_VALUE;
        while (System.nanoTime() < deadline && took > FAST.toNanos()) {
            String body = "{\"model\":\"" + model + "\",\"prompt\":\"warm up the kernels of this model with a prompt\","
                    + "\"max_tokens\":24,\"seed\":" + requests + "}";
            long start = System.nanoTime();
            try (Response r = http.newCall(new Request.Builder().url(node.url() + "/v1/completions")
                    .post(RequestBody.create(body, JSON)).build()).execute()) {
                r.body().string();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "warm-up node={0} model={1}: {2}", node.id(), model, e.getMessage());
                return;
            }
            took = System.nanoTime() - start;
            requests++;
        }
        LOG.log(System.Logger.Level.INFO, "warm-up node={0} model={1}: {2} requests, last {3} ms", node.id(), model,
                requests, took / 1_000_000);
    }
}
