package dev.firebreak.lab.gameday;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firebreak.agent.client.HttpClients;
import dev.firebreak.node.http.Json;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
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
    private final HttpServer server;
    private final AtomicInteger retries = new AtomicInteger();

    private NaiveBalancer(Map<String, List<String>> nodesByModel, Duration upstreamTimeout) throws IOException {
        this.nodesByModel = Map.copyOf(nodesByModel);
        this.http = HttpClients.builder().readTimeout(upstreamTimeout).callTimeout(Duration.ZERO)
                .retryOnConnectionFailure(false).build();
        this.http.dispatcher().setMaxRequestsPerHost(4096);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/", this::handle);
        server.start();
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
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Attempts past the first one since start. */
    public int retries() {
        return retries.get();
    }

    /**
     * Closes the exchange itself on every normal path; an upstream break while relaying escapes as
     * an exception, on which the JDK server drops the connection without ending the response.
     */
    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY);
        }
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
            Request request = new Request.Builder().url(node + exchange.getRequestURI().getPath())
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
            exchange.close();
            return;
        }
        reply(exchange, 502, "bad_gateway", "every backend failed; last: " + failure);
    }

    private static void relay(HttpExchange exchange, Response response) throws IOException {
        try (response) {
            String type = response.header("Content-Type");
            if (type != null) {
                exchange.getResponseHeaders().set("Content-Type", type);
            }
            exchange.sendResponseHeaders(response.code(), 0);
            OutputStream out = exchange.getResponseBody();
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

    private static void reply(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsBytes(Map.of("error", Map.of("message", message, "type", "server_error",
                "code", code)));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
        LOG.log(System.Logger.Level.DEBUG, "naive balancer answered {0}: {1}", status, message);
    }

    @Override
    public void close() {
        server.stop(0);
        http.dispatcher().cancelAll();
        http.connectionPool().evictAll();
        http.dispatcher().executorService().shutdown();
    }
}
