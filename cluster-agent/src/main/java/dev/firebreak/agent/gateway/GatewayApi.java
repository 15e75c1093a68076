package dev.firebreak.agent.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.agent.api.ModelSample.GatewayCounts;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.overrides.Overrides;
import dev.firebreak.agent.keys.ClientKeys;
import dev.firebreak.agent.keys.Lease;
import dev.firebreak.agent.metrics.AgentMetrics;
import dev.firebreak.agent.metrics.GatewayError;
import dev.firebreak.agent.nodetls.TlsFailure;
import dev.firebreak.agent.slo.SloRecorder;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;
import dev.firebreak.node.http.Json;
import dev.firebreak.node.http.Router;
import dev.firebreak.node.openai.OpenAiErrors;
import dev.firebreak.node.openai.RejectionCounts;
import dev.firebreak.node.openai.RequestReader;
import dev.firebreak.node.serving.OpenAiApi;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
    private static final String COMPLETIONS_PATH = "/v1/completions";
    private static final String CHAT_PATH = "/v1/chat/completions";
    private static final String EVENT_STREAM = "text/event-stream";
    private static final int MAX_BODY = 1 << 20;
    /** Connections to a node kept open between requests. */
    private static final int IDLE_CONNECTIONS_PER_NODE = 64;
    /** Nodes whose client and parsed endpoints are kept. */
    private static final int MAX_UPSTREAMS = 4096;
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
    private final RejectionCounts rejections = new RejectionCounts();
    /** What the gateway saw of each node's answers per model. */
    private final Map<NodeModel, AnswerCounts> answers = new ConcurrentHashMap<>();
    /** Each node's client and endpoints, by its base URL. */
    private final Map<String, Upstream> upstreams = new ConcurrentHashMap<>();

    private final Overrides overrides;
    private final AgentMetrics metrics;
    private volatile ClientKeys clients = ClientKeys.openWithout();
    private volatile SloRecorder slo = SloRecorder.NONE;

    public GatewayApi(AgentConfig config, NodePicker picker, Breakers breakers, Overrides overrides, InstantSource clock,
                      OkHttpClient base, AgentMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
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

    /** Tells {@code recorder} how each client request was settled, for the SLOs. */
    public void recordSlo(SloRecorder recorder) {
        this.slo = recorder;
    }

    /** A gateway calling nodes through {@code toNodes} (the agent's client for nodes, see {@code NodeTls}). */
    public static GatewayApi create(AgentConfig config, java.util.function.Supplier<List<dev.firebreak.agent.api.NodeView>> nodes,
                                    Breakers breakers, Overrides overrides, InstantSource clock, AgentMetrics metrics,
                                    OkHttpClient toNodes) {
        return new GatewayApi(config, new NodePicker(nodes, breakers, config.gateway().kvThreshold(),
                config.gateway().maxConcurrentPerNode(), overrides::excluded,
                overrides::weight),
                breakers, overrides, clock, toNodes, metrics);
    }

    /** Who may send requests: the agent's client keys (a gateway built alone admits everyone). */
    public void admitWith(ClientKeys keys) {
        this.clients = keys;
    }

    /** {@code GET /v1/models}: the models the cluster serves, for a client with a working key (as OpenAI asks one). */
    public Router.Handler models() {
        return OpenAiErrors.wrap(this::listModels, rejections);
    }

    private void listModels(Exchange exchange) throws IOException {
        clients.identify(exchange);
        long created = clock.millis() / 1000;
        List<Map<String, Object>> data = picker.models().stream().map(m -> Map.<String, Object>of("id", m, "object", "model",
                "created", created, "owned_by", "firebreak")).toList();
        exchange.json(200, Map.of("object", "list", "data", data));
    }

    public Router.Handler completions() {
        return OpenAiErrors.wrap(exchange -> route(exchange, COMPLETIONS_PATH), rejections);
    }

    public Router.Handler chatCompletions() {
        return OpenAiErrors.wrap(exchange -> route(exchange, CHAT_PATH), rejections);
    }

    /** What the gateway saw of {@code node}'s answers for {@code model} since the agent started (gray failure signals). */
    public GatewayCounts counts(String node, String model) {
        AnswerCounts seen = answers.get(new NodeModel(node, model));
        return seen == null ? GatewayCounts.NONE : seen.snapshot();
    }

    /** Complete answers the gateway has had from {@code node}, every model together: a sign of life the scrapes may miss. */
    public long answeredBy(String node) {
        return answers.entrySet().stream().filter(e -> e.getKey().node().equals(node))
                .mapToLong(e -> e.getValue().snapshot().answered()).sum();
    }

    private AnswerCounts answers(NodeModel key) {
        return answers.computeIfAbsent(key, k -> new AnswerCounts());
    }

    /** Counts one complete answer by its finish reason, as empty when it carried no text, and how long it took. */
    private void countFinish(NodeModel key, String finishReason, boolean empty, long startNanos) {
        answers(key).answered(finishReason, empty, (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** Whether the configuration names {@code model}, or some node of the cluster serves it or did since the agent started. */
    /** The models the nodes serve now and the ones the configuration names. */
    public java.util.Collection<String> modelNames() {
        java.util.Set<String> names = new java.util.TreeSet<>(picker.models());
        config.models().forEach(m -> names.add(m.name()));
        return names;
    }

    public boolean knowsModel(String model) {
        return picker.knows(model) || config.models().stream().anyMatch(m -> m.name().equals(model));
    }

    /** Requests refused with an error (bad input, unknown model, shed), by status and code, since start. */
    public RejectionCounts rejections() {
        return rejections;
    }

    /** The gateway's requests in flight on {@code nodeId}: what a drain at the gateway waits for. */
    public int inFlight(String nodeId) {
        return picker.inFlight(nodeId);
    }

    /** Requests shed with 429 since start. */
    public int shedCount() {
        return shed.get();
    }

    private void route(Exchange exchange, String path) throws IOException {
        ClientKeys.Client client = clients.identify(exchange);
        byte[] body = exchange.body(MAX_BODY);
        // Read as the node reads it, so a bad request gets the node's answer without costing a node anything.
        String requested = RequestReader.read(body, path.equals(CHAT_PATH)).model();
        List<String> chain = fallbackChain(requested);
        if (chain.stream().noneMatch(picker::knows)) {
            throw OpenAiErrors.modelNotFound(requested, List.copyOf(picker.models()));
        }
        Lease lease = client.admit(requested);
        InFlight inFlight = new InFlight(exchange);
        try {
            serve(exchange, inFlight, path, requested, chain, body);
        } finally {
            lease.close(inFlight.tokens());
        }
    }

    private void serve(Exchange exchange, InFlight inFlight, String path, String requested, List<String> chain, byte[] body)
            throws IOException {
        budget.onRequest();
        long deadline = clock.millis() + config.gateway().requestTimeoutMillis();
        List<String> refusals = new ArrayList<>();
        for (String model : chain) {
            Semaphore limit = limits.computeIfAbsent(model, m -> new Semaphore(maxConcurrent(m)));
            if (!limit.tryAcquire()) {
                refusals.add(model + ": " + maxConcurrent(model) + " requests already in flight");
                continue;
            }
            try {
                byte[] forwarded = model.equals(requested) ? body : withModel(body, model);
                String refusal = tryNodes(exchange, inFlight, path, model, requested, forwarded, deadline);
                if (refusal == null) {
                    if (!model.equals(requested)) {
                        metrics.fellBack(requested, model);
                    }
                    return;
                }
                refusals.add(model + ": " + refusal);
            } finally {
                limit.release();
            }
        }
        shed.incrementAndGet();
        metrics.shed(requested);
        slo.shed(requested);
        LOG.log(System.Logger.Level.INFO, "model={0} shed: {1}", requested, refusals);
        throw new HttpError(429, "capacity_exhausted", "no capacity for model '" + requested + "' right now ("
                + String.join("; ", refusals) + "); retry shortly", Map.of("Retry-After", "1"));
    }

    /** Serves the request from some node of {@code model}; returns null when done, or why it could not. */
    private String tryNodes(Exchange exchange, InFlight inFlight, String path, String model, String requested,
                            byte[] body, long deadline) throws IOException {
        Set<String> tried = new HashSet<>();
        String lastFailure = null;
        while (true) {
            Object choice = picker.pick(model, tried);
            if (choice instanceof NodePicker.Refusal refusal) {
                return lastFailure == null ? refusal.reason() : lastFailure + "; then " + refusal.reason();
            }
            NodePicker.Target target = (NodePicker.Target) choice;
            try {
                if (!tried.isEmpty()) {
                    if (!budget.tryRetry()) {
                        metrics.retryBudgetRejected(model);
                        return (lastFailure == null ? "" : lastFailure + "; ") + "retry budget spent";
                    }
                    metrics.retried(model);
                }
                tried.add(target.nodeId());
                CircuitBreaker breaker = breakers.of(model, target.nodeId());
                if (!breaker.tryAcquirePermission()) {
                    continue;
                }
                String failure = tryNode(exchange, inFlight, path, model, requested, body, deadline, target, breaker);
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
    private String tryNode(Exchange exchange, InFlight inFlight, String path, String model, String requested,
                           byte[] body, long deadline, NodePicker.Target target, CircuitBreaker breaker)
            throws IOException {
        long remaining = deadline - clock.millis();
        if (remaining <= 0) {
            breaker.releasePermission();
            slo.failed(model, null);
            throw new HttpError(504, "deadline_exceeded", "the request's deadline passed at the gateway");
        }
        Upstream upstream = upstream(target.url());
        Request request = new Request.Builder().url(upstream.endpoint(path)).post(RequestBody.create(body, JSON))
                .header(OpenAiApi.DEADLINE_HEADER, Long.toString(remaining)).build();
        long start = System.nanoTime();
        metrics.gatewayCall(model, target.nodeId());
        try {
            Response response = inFlight.execute(upstream.http().newCall(request));
            int code = response.code();
            if (code == 200) {
                Map<String, String> headers = headers(target.nodeId(), model, requested);
                NodeModel key = new NodeModel(target.nodeId(), model);
                // The node's answer says what it is: a stream by its content type, whatever the request asked.
                if (isEventStream(response)) {
                    relayStream(exchange, inFlight, response, breaker, start, headers, key);
                } else {
                    relayWhole(exchange, inFlight, response, breaker, start, headers, 200, key);
                }
                return null;
            }
            String reason = target.nodeId() + " answered HTTP " + code;
            if (code == 401) {
                // The gateway sends nodes no client credentials: a 401 refuses the agent's own (its client
                // certificate), a fault of this node's set-up, not of the client's request.
                String refusal = response.body().string();
                reason = target.nodeId() + " " + TlsFailure.certificateRequired(code, refusal, target.url())
                        .orElse("answered HTTP 401: it refuses the agent");
                metrics.gatewayFailed(model, target.nodeId(), GatewayError.UPSTREAM_STATUS);
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new IOException(reason));
                response.close();
            } else if (code == 429 || code == 503) {
                // Draining or full: not a fault of the node, but not capacity either.
                breaker.releasePermission();
                response.close();
            } else if (code >= 500) {
                metrics.gatewayFailed(model, target.nodeId(), GatewayError.UPSTREAM_STATUS);
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new IOException(reason));
                response.close();
            } else {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                relayWhole(exchange, inFlight, response, null, start, headers(target.nodeId(), model, requested), code, null);
                return null;
            }
            return reason;
        } catch (ClientGone e) {
            throw e;
        } catch (IOException e) {
            if (inFlight.clientGone()) {
                // Our own cancel, for a client that left: no fault of the node.
                breaker.releasePermission();
                throw new ClientGone(e);
            }
            metrics.gatewayFailed(model, target.nodeId(), GatewayError.UPSTREAM_FAILED);
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            return target.nodeId() + " failed: " + TlsFailure.describe(e, target.url()).orElse(e.getMessage());
        }
    }

    /** The gateway's client went away: nothing more to try or to answer. */
    private static final class ClientGone extends IOException {
        ClientGone(IOException cause) {
            super("the client went away", cause);
        }
    }

    /** Whether the answer's media type is {@code text/event-stream} (parameters such as the charset aside). */
    private static boolean isEventStream(Response response) {
        String type = response.header("Content-Type");
        return type != null && type.regionMatches(true, 0, EVENT_STREAM, 0, EVENT_STREAM.length())
                && (type.length() == EVENT_STREAM.length() || type.charAt(EVENT_STREAM.length()) == ';'
                || type.charAt(EVENT_STREAM.length()) == ' ');
    }

    private void relayWhole(Exchange exchange, InFlight inFlight, Response response, CircuitBreaker breaker, long start,
                            Map<String, String> headers, int status, NodeModel key) throws IOException {
        byte[] bytes;
        String contentType;
        try (response) {
            bytes = response.body().bytes();
            MediaType type = response.body().contentType();
            contentType = type == null ? "application/json" : type.toString();
        } catch (IOException e) {
            if (inFlight.clientGone()) {
                if (breaker != null) {
                    breaker.releasePermission();
                }
                throw new ClientGone(e);
            }
            if (breaker != null) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            }
            if (key != null) {
                metrics.gatewayFailed(key.model(), key.node(), GatewayError.UPSTREAM_FAILED);
                slo.failed(key.model(), key.node());
            }
            throw new HttpError(502, "upstream_failed", "the node failed while answering: " + e.getMessage());
        }
        if (breaker != null) {
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        if (key != null) {
            metrics.gatewayAnswered(key.model(), key.node(), (System.nanoTime() - start) / 1e9);
            try {
                AnswerText answer = AnswerText.read(bytes);
                inFlight.used(answer.totalTokens());
                countFinish(key, answer.finishReason(), !answer.hasText(), start);
                slo.answered(key.model(), key.node(), answer.hasText(), (System.nanoTime() - start) / 1_000_000);
            } catch (IOException e) {
                countFinish(key, null, true, start);
                slo.answered(key.model(), key.node(), false, (System.nanoTime() - start) / 1_000_000);
            }
        }
        headers.forEach(exchange::setHeader);
        try {
            exchange.send(status, contentType, bytes);
        } catch (IOException e) {
            // The node answered; failing to pass it on is our client's doing (it left, or timed out):
            // neither a fault of the node nor a reason to try another and write a second answer.
            throw new ClientGone(e);
        }
    }

    /**
     * Passes a stream through event by event. A stream the node ends without [DONE] or an error
     * event is a failure of the node: the client gets an explicit error event, never a silent cut.
     */
    private void relayStream(Exchange exchange, InFlight inFlight, Response response, CircuitBreaker breaker, long start,
                             Map<String, String> headers, NodeModel key) throws IOException {
        headers.forEach(exchange::setHeader);
        StreamScan scan = new StreamScan();
        String failure = null;
        long firstTextNanos = -1;
        try (response; OutputStream out = exchange.stream(200, "text/event-stream; charset=utf-8")) {
            BufferedSource source = response.body().source();
            // Whole events are written to the client (one write: the sink does not buffer) when the
            // relay would otherwise wait for the node, not one by one: events that came together
            // leave together, and none waits for the next.
            ByteArrayOutputStream ready = new ByteArrayOutputStream(1024);
            ByteArrayOutputStream event = new ByteArrayOutputStream(512);
            try {
                byte[] line;
                while (true) {
                    if (ready.size() > 0 && !StreamScan.hasLine(source)) {
                        ready.writeTo(out);
                        out.flush();
                        ready.reset();
                    }
                    if ((line = StreamScan.nextLine(source)) == null) {
                        break;
                    }
                    scan.line(line);
                    if (firstTextNanos < 0 && scan.anyText()) {
                        firstTextNanos = System.nanoTime();
                    }
                    event.write(line);
                    event.write('\n');
                    if (line.length == 0) {
                        event.writeTo(ready);
                        event.reset();
                    }
                }
            } catch (IOException e) {
                if (inFlight.clientGone()) {
                    throw e;
                }
                failure = e.getMessage();
            }
            ready.writeTo(out);
            // What came of an event the node did not finish, before the error that says so.
            event.writeTo(out);
            if (!scan.done() && !scan.errorEvent()) {
                String message = "the node's stream ended before the answer was complete"
                        + (failure == null ? "" : ": " + failure);
                out.write(("data: " + Json.mapper().writeValueAsString(
                        OpenAiErrors.body(502, "upstream_truncated", message, null)) + "\n\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        } catch (IOException clientGone) {
            // The client left mid-stream (or its writes failed): no verdict on the node.
            breaker.releasePermission();
            throw clientGone instanceof ClientGone gone ? gone : new ClientGone(clientGone);
        }
        inFlight.used(scan.totalTokens());
        if (scan.done()) {
            metrics.gatewayAnswered(key.model(), key.node(), (System.nanoTime() - start) / 1e9);
            countFinish(key, scan.finishReason(), !scan.anyText(), start);
            slo.answered(key.model(), key.node(), scan.anyText(), ((firstTextNanos < 0 ? System.nanoTime() : firstTextNanos) - start) / 1_000_000);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } else {
            metrics.gatewayFailed(key.model(), key.node(), scan.errorEvent() ? GatewayError.ERROR_EVENT : GatewayError.TRUNCATED);
            slo.failed(key.model(), key.node());
            if (!scan.errorEvent()) {
                answers(key).truncated();
            }
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS,
                    new IOException(scan.errorEvent() ? "the node ended the stream with an error" : "truncated stream"));
        }
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

    /**
     * The node at {@code base}: its own client, with a pool of connections as large as its traffic,
     * and its two endpoints parsed once. In one pool for all nodes, finding an idle connection
     * compared each request's address with every idle connection of every node; with the shared
     * client's 16 idle connections, a burst's connections were closed after it and opened again at
     * the next; parsing a URL maps its host through IDNA, the largest allocation of a request's
     * call to its node.
     */
    private Upstream upstream(String base) {
        if (upstreams.size() > MAX_UPSTREAMS) {
            upstreams.clear(); // nodes come and go; those still here are set up again once, old pools close at their keep-alive
        }
        return upstreams.computeIfAbsent(base, b -> new Upstream(http.newBuilder()
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS_PER_NODE, 20, TimeUnit.SECONDS)).build(),
                HttpUrl.get(b + COMPLETIONS_PATH), HttpUrl.get(b + CHAT_PATH)));
    }

    private record Upstream(OkHttpClient http, HttpUrl completions, HttpUrl chat) {
        HttpUrl endpoint(String path) {
            return path.equals(CHAT_PATH) ? chat : completions; // the gateway relays these two paths only
        }
    }

    private static byte[] withModel(byte[] body, String model) throws IOException {
        ObjectNode copy = (ObjectNode) Json.mapper().readTree(body);
        copy.put("model", model);
        return Json.mapper().writeValueAsBytes(copy);
    }
}
