package dev.firebreak.node.server;

import com.sun.net.httpserver.HttpExchange;
import dev.firebreak.node.api.DrainProgress;
import dev.firebreak.node.api.JvmHeap;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.api.NodeStatus;
import dev.firebreak.node.http.BearerToken;
import dev.firebreak.node.http.Exchanges;
import dev.firebreak.node.http.HttpError;
import dev.firebreak.node.lifecycle.NodeLifecycle;
import dev.firebreak.node.registry.ModelRegistry;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

/** Health, readiness, status and the token-guarded drain and resume of one node. */
public final class ControlApi {

    /** Body of {@code POST /control/drain}; a missing deadline means {@link #DEFAULT_DRAIN_DEADLINE}. */
    public record DrainRequest(Long deadlineSeconds) {
    }

    /** Answer to a drain or resume: the state it left the node in. */
    public record ControlResult(String nodeId, NodeState state, DrainProgress drain) {
    }

    /** Answer of /health and /ready. */
    public record Probe(String status, NodeState state, String reason) {
    }

    static final Duration DEFAULT_DRAIN_DEADLINE = Duration.ofSeconds(30);
    private static final long MAX_DRAIN_DEADLINE_SECONDS = 3600;
    private static final int MAX_CONTROL_BODY = 4096;
    private static final System.Logger LOG = System.getLogger(ControlApi.class.getName());

    private final String nodeId;
    private final String controlToken;
    private final ModelRegistry registry;
    private final NodeLifecycle lifecycle;
    private final InstantSource clock;
    private final long startedAtMillis;

    public ControlApi(String nodeId, String controlToken, ModelRegistry registry, NodeLifecycle lifecycle,
                      InstantSource clock) {
        this.nodeId = nodeId;
        this.controlToken = controlToken;
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.startedAtMillis = clock.millis();
    }

    void health(HttpExchange exchange) throws IOException {
        Exchanges.json(exchange, 200, new Probe("UP", lifecycle.state(), "alive"));
    }

    void ready(HttpExchange exchange) throws IOException {
        NodeState state = lifecycle.state();
        if (state != NodeState.SERVING) {
            exchange.getResponseHeaders().set("Retry-After", "5");
            Exchanges.json(exchange, 503, new Probe("NOT_READY", state, "node is " + state.name().toLowerCase()));
        } else if (!registry.allAdmitting()) {
            Exchanges.json(exchange, 503, new Probe("NOT_READY", state, "admission closed for a model"));
        } else {
            Exchanges.json(exchange, 200, new Probe("READY", state, "accepting work"));
        }
    }

    void status(HttpExchange exchange) throws IOException {
        Exchanges.json(exchange, 200, snapshot());
    }

    /** The node's status as {@code GET /control/status} reports it. */
    public NodeStatus snapshot() {
        long now = clock.millis();
        return new NodeStatus(nodeId, lifecycle.state(), startedAtMillis, now, now - startedAtMillis,
                JvmHeap.current(), lifecycle.progress(), registry.statuses());
    }

    void drain(HttpExchange exchange) throws IOException {
        BearerToken.require(exchange, controlToken);
        DrainRequest request = Exchanges.readJson(exchange, DrainRequest.class, new DrainRequest(null), MAX_CONTROL_BODY);
        long seconds = request.deadlineSeconds() == null
                ? DEFAULT_DRAIN_DEADLINE.toSeconds() : request.deadlineSeconds();
        if (seconds < 0 || seconds > MAX_DRAIN_DEADLINE_SECONDS) {
            throw HttpError.badRequest("invalid_deadline",
                    "deadlineSeconds must be between 0 and " + MAX_DRAIN_DEADLINE_SECONDS + ", got " + seconds);
        }
        DrainProgress progress = lifecycle.drain(Duration.ofSeconds(seconds));
        LOG.log(System.Logger.Level.INFO, "node={0} drain requested deadline={1}s sequencesLeft={2} state={3}",
                nodeId, seconds, progress.sequencesLeft(), lifecycle.state());
        Exchanges.json(exchange, 202, new ControlResult(nodeId, lifecycle.state(), lifecycle.progress()));
    }

    void resume(HttpExchange exchange) throws IOException {
        BearerToken.require(exchange, controlToken);
        Exchanges.readJson(exchange, Map.class, Map.of(), MAX_CONTROL_BODY);
        lifecycle.resume();
        LOG.log(System.Logger.Level.INFO, "node={0} resumed", nodeId);
        Exchanges.json(exchange, 200, new ControlResult(nodeId, lifecycle.state(), null));
    }
}
