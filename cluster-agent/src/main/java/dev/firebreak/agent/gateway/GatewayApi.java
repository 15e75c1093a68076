package dev.firebreak.agent.gateway;

import dev.firebreak.agent.client.HttpClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.firebreak.agent.actions.Overrides;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.api.ModelSample.GatewayCounts;
import dev.firebreak.node.http.Exchanges;
import dev.firebreak.node.http.HttpError;
import dev.firebreak.node.http.Json;
import dev.firebreak.node.http.Router;
import dev.firebreak.node.serving.OpenAiApi;
import dev.firebreak.node.serving.OpenAiErrors;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster's OpenAI-compatible front door. For each request: a per-model concurrency limit,
 * a capacity-aware choice of node, a circuit breaker per (model, node), retries only while nothing
 * has reached the client and within a retry budget, the model's fallback chain when it has no
 * capacity, and otherwise an immediate 429 with Retry-After rather than a queue that times out.
 */
public final class GatewayApi {

    /** Header naming the node that served the request. */
    public static final String NODE_HEADER = "X-Firebreak-Node";
    /** Header naming the model that served it. */
    public static final String MODEL_HEADER = "X-Firebreak-Model";
    /** Header present when a fallback model served the request: "requested->served". */
    public static final String FALLBACK_HEADER = "X-Firebreak-Fallback";
    private static final int MAX_BODY = 1 << 20;
    private static final MediaType JSON = MediaType.get("application/json");
    private static final System.Logger LOG = System.getLogger(GatewayApi.class.getName());

    private final AgentConfig config;
    private final NodePicker picker;
    private final Breakers breakers;
    private final RetryBudget budget;
    private final OkHttpClient http;
    private final InstantSource clock;
    private final Map<String, Semaphore> limits = new ConcurrentHashMap<>();
    private final AtomicInteger shed = new AtomicInteger();
    /** Per "node|model": what the gateway saw of its answers. */
    private final Map<String, AnswerCounts> answers = new ConcurrentHashMap<>();

    private final Overrides overrides;

    public GatewayApi(AgentConfig config, NodePicker picker, Breakers breakers, Overrides overrides, InstantSource clock,
                      OkHttpClient base) {
        this.config = config;
        this.overrides = overrides;
        this.picker = picker;
        this.breakers = breakers;
        this.clock = clock;
        this.budget = new RetryBudget(config.gateway().retryBudget(), clock);
        this.http = base.newBuilder()
                .connectTimeout(Duration.ofSeconds(1))
                .readTimeout(Duration.ofMillis(config.gateway().requestTimeoutMillis()))
                .retryOnConnectionFailure(false)
                .build();
        this.http.dispatcher().setMaxRequestsPerHost(1024);
        this.http.dispatcher().setMaxRequests(4096);
    }

    public static GatewayApi create(AgentConfig config, java.util.function.Supplier<List<dev.firebreak.agent.api.NodeView>> nodes,
                                    Breakers breakers, Overrides overrides, InstantSource clock) {
        return new GatewayApi(config, new NodePicker(nodes, breakers, config.gateway().kvThreshold(),
                config.gateway().maxConcurrentPerNode(), overrides::excluded,
                overrides::weight),
                breakers, overrides, clock, HttpClients.builder().build());
    }

    public void models(HttpExchange exchange) throws IOException {
        long created = clock.millis() / 1000;
        List<Map<String, Object>> data = picker.models().stream().map(m -> Map.<String, Object>of("id", m, "object", "model",
                "created", created, "owned_by", "firebreak")).toList();
        Exchanges.json(exchange, 200, Map.of("object", "list", "data", data));
    }

    public Router.Handler completions() {
        return OpenAiErrors.wrap(exchange -> route(exchange, "/v1/completions"));
    }

    public Router.Handler chatCompletions() {
        return OpenAiErrors.wrap(exchange -> route(exchange, "/v1/chat/completions"));
    }

    /** What the gateway saw of {@code node}'s answers for {@code model} since the agent started (gray failure signals). */
    public GatewayCounts counts(String node, String model) {
        AnswerCounts seen = answers.get(node + "|" + model);
        return seen == null ? GatewayCounts.NONE : seen.snapshot();
    }

    private AnswerCounts answers(String seriesKey) {
        return answers.computeIfAbsent(seriesKey, k -> new AnswerCounts());
    }

    /** Counts one complete answer by its finish reason, as empty when it carried no text, and how long it took. */
    private void countFinish(String seriesKey, String finishReason, boolean empty, long startNanos) {
        answers(seriesKey).answered(finishReason, empty, (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** Requests shed with 429 since start. */
    public int shedCount() {
        return shed.get();
    }

    private void route(HttpExchange exchange, String path) throws IOException {
        byte[] body = readBody(exchange);
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new OpenAiErrors.InvalidParam(null, "invalid_json", "the request body is not valid JSON");
        }
        if (json == null || !json.isObject() || !json.path("model").isTextual()) {
            throw new OpenAiErrors.InvalidParam("model", "missing_required_parameter", "model is required");
        }
        String requested = json.get("model").asText();
        boolean stream = json.path("stream").asBoolean(false);
        budget.onRequest();
        long deadline = clock.millis() + config.gateway().requestTimeoutMillis();
        List<String> refusals = new ArrayList<>();
        for (String model : fallbackChain(requested)) {
            Semaphore limit = limits.computeIfAbsent(model, m -> new Semaphore(maxConcurrent(m)));
            if (!limit.tryAcquire()) {
                refusals.add(model + ": " + maxConcurrent(model) + " requests already in flight");
                continue;
            }
            try {
                byte[] forwarded = model.equals(requested) ? body : withModel((ObjectNode) json, model);
                String refusal = tryNodes(exchange, path, model, requested, forwarded, stream, deadline);
                if (refusal == null) {
                    return;
                }
                refusals.add(model + ": " + refusal);
            } finally {
                limit.release();
            }
        }
        shed.incrementAndGet();
        LOG.log(System.Logger.Level.INFO, "model={0} shed: {1}", requested, refusals);
        throw new HttpError(429, "capacity_exhausted", "no capacity for model '" + requested + "' right now ("
                + String.join("; ", refusals) + "); retry shortly", Map.of("Retry-After", "1"));
    }

    /** Serves the request from some node of {@code model}; returns null when done, or why it could not. */
    private String tryNodes(HttpExchange exchange, String path, String model, String requested, byte[] body,
                            boolean stream, long deadline) throws IOException {
        Set<String> tried = new HashSet<>();
        String lastFailure = null;
        while (true) {
            Object choice = picker.pick(model, tried);
            if (choice instanceof NodePicker.Refusal refusal) {
                return lastFailure == null ? refusal.reason() : lastFailure + "; then " + refusal.reason();
            }
            NodePicker.Target target = (NodePicker.Target) choice;
            try {
                if (!tried.isEmpty() && !budget.tryRetry()) {
                    return (lastFailure == null ? "" : lastFailure + "; ") + "retry budget spent";
                }
                tried.add(target.nodeId());
                CircuitBreaker breaker = breakers.of(model, target.nodeId());
                if (!breaker.tryAcquirePermission()) {
                    continue;
                }
                String failure = tryNode(exchange, path, model, requested, body, stream, deadline, target, breaker);
                if (failure == null) {
                    return null;
                }
                lastFailure = failure;
            } finally {
                target.release();
            }
        }
    }

    /** One attempt on the chosen node, its breaker's permission taken: null when answered, else why it failed. */
    private String tryNode(HttpExchange exchange, String path, String model, String requested, byte[] body,
                           boolean stream, long deadline, NodePicker.Target target, CircuitBreaker breaker)
            throws IOException {
        long remaining = deadline - clock.millis();
        if (remaining <= 0) {
            breaker.releasePermission();
            throw new HttpError(504, "deadline_exceeded", "the request's deadline passed at the gateway");
        }
        Request request = new Request.Builder().url(target.url() + path).post(RequestBody.create(body, JSON))
                .header(OpenAiApi.DEADLINE_HEADER, Long.toString(remaining)).build();
        long start = System.nanoTime();
        try {
            Response response = http.newCall(request).execute();
            int code = response.code();
            if (code == 200) {
                Map<String, String> headers = headers(target.nodeId(), model, requested);
                String seriesKey = target.nodeId() + "|" + model;
                if (stream) {
                    relayStream(exchange, response, breaker, start, headers, seriesKey);
                } else {
                    relayWhole(exchange, response, breaker, start, headers, 200, seriesKey);
                }
                return null;
            }
            String reason = target.nodeId() + " answered HTTP " + code;
            if (code == 429 || code == 503) {
                // Draining or full: not a fault of the node, but not capacity either.
                breaker.releasePermission();
                response.close();
            } else if (code >= 500) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new IOException(reason));
                response.close();
            } else {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                relayWhole(exchange, response, null, start, headers(target.nodeId(), model, requested), code, null);
                return null;
            }
            return reason;
        } catch (IOException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            return target.nodeId() + " failed: " + e.getMessage();
        }
    }

    private void relayWhole(HttpExchange exchange, Response response, CircuitBreaker breaker, long start,
                            Map<String, String> headers, int status, String seriesKey) throws IOException {
        byte[] bytes;
        try (response) {
            bytes = response.body().bytes();
        } catch (IOException e) {
            if (breaker != null) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            }
            throw new HttpError(502, "upstream_failed", "the node failed while answering: " + e.getMessage());
        }
        if (breaker != null) {
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        if (seriesKey != null) {
            try {
                JsonNode choice = Json.mapper().readTree(bytes).path("choices").path(0);
                String text = choice.has("message") ? choice.path("message").path("content").asText("")
                        : choice.path("text").asText("");
                countFinish(seriesKey, choice.path("finish_reason").asText(null), text.isEmpty(), start);
            } catch (IOException e) {
                countFinish(seriesKey, null, true, start);
            }
        }
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Passes a stream through event by event. A stream the node ends without [DONE] or an error
     * event is a failure of the node: the client gets an explicit error event, never a silent cut.
     */
    private void relayStream(HttpExchange exchange, Response response, CircuitBreaker breaker, long start,
                             Map<String, String> headers, String seriesKey) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        boolean done = false;
        boolean errorEvent = false;
        boolean anyText = false;
        String finishReason = null;
        String failure = null;
        try (response; OutputStream out = exchange.getResponseBody()) {
            BufferedSource source = response.body().source();
            try {
                String line;
                while ((line = source.readUtf8Line()) != null) {
                    done |= line.equals("data: [DONE]");
                    errorEvent |= line.startsWith("data: {\"error\"");
                    finishReason = finishReason != null ? finishReason : finishReasonIn(line);
                    anyText |= carriesText(line);
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    if (line.isEmpty()) {
                        out.flush();
                    }
                }
            } catch (IOException e) {
                failure = e.getMessage();
            }
            if (!done && !errorEvent) {
                String message = "the node's stream ended before the answer was complete"
                        + (failure == null ? "" : ": " + failure);
                out.write(("data: " + Json.mapper().writeValueAsString(
                        OpenAiErrors.body(502, "upstream_truncated", message, null)) + "\n\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        } catch (IOException clientGone) {
            breaker.releasePermission();
            return;
        } finally {
            exchange.close();
        }
        if (done) {
            countFinish(seriesKey, finishReason, !anyText, start);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } else {
            if (!errorEvent) {
                answers(seriesKey).truncated();
            }
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS,
                    new IOException(errorEvent ? "the node ended the stream with an error" : "truncated stream"));
        }
    }

    /** True when a stream chunk carries some answer text (completion text or chat content). */
    static boolean carriesText(String line) {
        return (line.contains("\"text\":\"") && !line.contains("\"text\":\"\""))
                || (line.contains("\"content\":\"") && !line.contains("\"content\":\"\""));
    }

    /** The finish reason a stream chunk carries, or null. */
    static String finishReasonIn(String line) {
        String marker = "\"finish_reason\":\"";
        int at = line.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int end = line.indexOf('"', at + marker.length());
        return end < 0 ? null : line.substring(at + marker.length(), end);
    }

    private Map<String, String> headers(String nodeId, String model, String requested) {
        return model.equals(requested) ? Map.of(NODE_HEADER, nodeId, MODEL_HEADER, model)
                : Map.of(NODE_HEADER, nodeId, MODEL_HEADER, model, FALLBACK_HEADER, requested + "->" + model);
    }

    private List<String> fallbackChain(String model) {
        List<String> chain = new ArrayList<>();
        for (String m = model; m != null && !chain.contains(m); m = overrides.fallback(m).orElse(config.policy(m).fallback())) {
            chain.add(m);
        }
        return chain;
    }

    private int maxConcurrent(String model) {
        Integer own = config.policy(model).maxConcurrent();
        return own != null ? own : config.gateway().maxConcurrentPerModel();
    }

    private static byte[] withModel(ObjectNode json, String model) throws IOException {
        ObjectNode copy = json.deepCopy();
        copy.put("model", model);
        return Json.mapper().writeValueAsBytes(copy);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declared.matches("\\d+") && Long.parseLong(declared) > MAX_BODY) {
            throw new HttpError(413, "body_too_large", "request body over " + MAX_BODY + " bytes");
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new HttpError(413, "body_too_large", "request body over " + MAX_BODY + " bytes");
            }
            return body;
        }
    }
}
