package dev.firebreak.lab.gameday;

import dev.firebreak.agent.client.HttpClients;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpSettings;
import dev.firebreak.node.http.Json;
import dev.firebreak.node.http.Router;
import dev.firebreak.node.http.WebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline of the outage story, "protections off": a plain HTTP load balancer that spreads each
 * model's requests round robin over the nodes serving it and, when a node refuses or answers 5xx,
 * retries the next one. No health checks, no capacity check, no shedding, no deadlines. Once it
 * has begun passing an answer through, a node that breaks off is passed on as an aborted
 * connection, as an L7 proxy does. It is part of the game-day harness, not of the product.
 */
public final class NaiveBalancer implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final int MAX_BODY = 1 << 20;
    private static final System.Logger LOG = System.getLogger(NaiveBalancer.class.getName());

    private final Map<String, List<String>> nodesByModel;
    private final Map<String, AtomicInteger> next = new ConcurrentHashMap<>();
    private final OkHttpClient http;
    private final WebServer server;
    private final AtomicInteger retries = new AtomicInteger();

    private NaiveBalancer(Map<String, List<String>> nodesByModel, Duration upstreamTimeout) throws IOException {
        this.nodesByModel = Map.copyOf(nodesByModel);
        this.http = HttpClients.builder().readTimeout(upstreamTimeout).callTimeout(Duration.ZERO)
                .retryOnConnectionFailure(false).build();
        this.http.dispatcher().setMaxRequestsPerHost(4096);
        this.server = WebServer.start(HttpSettings.of("127.0.0.1", 0), new Router()
                .post("/v1/completions", this::handle)
                .post("/v1/chat/completions", this::handle));
    }

    /**
     * Starts on an ephemeral loopback port.
     *
     * @param nodesByModel base URLs of the nodes serving each model
     * @param upstreamTimeout how long it waits for a node's bytes (a proxy's read timeout)
     */
    public static NaiveBalancer start(Map<String, List<String>> nodesByModel, Duration upstreamTimeout) throws IOException {
        return new NaiveBalancer(nodesByModel, upstreamTimeout);
    }

    public String url() {
        return server.baseUrl();
    }

    /** Attempts past the first one since start. */
    public int retries() {
        return retries.get();
    }

    /** An upstream break while relaying escapes as an exception, on which the server drops the connection mid-answer. */
    private void handle(Exchange exchange) throws IOException {
        byte[] body = exchange.body(MAX_BODY);
        String model = Json.mapper().readTree(body).path("model").asText("");
        List<String> nodes = nodesByModel.get(model);
        if (nodes == null || nodes.isEmpty()) {
            reply(exchange, 404, "model_not_found", "no backend for model '" + model + "'");
            return;
        }
        int first = Math.floorMod(next.computeIfAbsent(model, m -> new AtomicInteger()).getAndIncrement(), nodes.size());
        String failure = "";
        for (int attempt = 0; attempt < nodes.size(); attempt++) {
            if (attempt > 0) {
                retries.incrementAndGet();
            }
            String node = nodes.get((first + attempt) % nodes.size());
            Request request = new Request.Builder().url(node + exchange.path())
                    .post(RequestBody.create(body, JSON)).build();
            Response response;
            try {
                response = http.newCall(request).execute();
            } catch (IOException e) {
                failure = node + ": " + e.getMessage();
                continue;
            }
            if (response.code() >= 500 && attempt + 1 < nodes.size()) {
                failure = node + ": HTTP " + response.code();
                response.close();
                continue;
            }
            relay(exchange, response);
            return;
        }
        reply(exchange, 502, "bad_gateway", "every backend failed; last: " + failure);
    }

    private static void relay(Exchange exchange, Response response) throws IOException {
        String type = response.header("Content-Type");
        try (response; OutputStream out = exchange.stream(response.code(), type == null ? "application/octet-stream" : type)) {
            InputStream in = response.body().byteStream();
            byte[] buffer = new byte[8192];
            int n;
            // Flushed as it comes, so streams stream; an upstream break propagates as an abort of the client's connection.
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    private static void reply(Exchange exchange, int status, String code, String message) throws IOException {
        exchange.json(status, Map.of("error", Map.of("message", message, "type", "server_error", "code", code)));
        LOG.log(System.Logger.Level.DEBUG, "naive balancer answered {0}: {1}", status, message);
    }

    @Override
    public void close() {
        server.close();
        http.dispatcher().cancelAll();
        http.connectionPool().evictAll();
        http.dispatcher().executorService().shutdown();
    }
}
