package dev.firebreak.node.server;

import dev.firebreak.node.api.AdmissionRequest;
import dev.firebreak.node.api.ControlResult;
import dev.firebreak.node.api.DrainDeadline;
import dev.firebreak.node.api.DrainProgress;
import dev.firebreak.node.api.DrainRequest;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.JvmHeap;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.api.NodeStatus;
import dev.firebreak.node.engine.batch.Engine;
import dev.firebreak.node.engine.batch.ModelScheduler;
import dev.firebreak.node.faults.Faults;
import dev.firebreak.node.http.BearerToken;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;
import dev.firebreak.node.lifecycle.NodeLifecycle;
import dev.firebreak.node.registry.ModelEntry;
import dev.firebreak.node.registry.ModelRegistry;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

/** Health, readiness, status, and the token-guarded drain, resume, admission and fault injection of one node. */
public final class ControlApi {

    /** Answer of /health and /ready. */
    public record Probe(String status, NodeState state, String reason) {
    }

    /** Work held this long without a finished iteration means the engine is stuck. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(5);
    private static final int MAX_CONTROL_BODY = 4096;
    private static final System.Logger LOG = System.getLogger(ControlApi.class.getName());

    private final String nodeId;
    private final String controlToken;
    private final ModelRegistry registry;
    private final NodeLifecycle lifecycle;
    private final Engine engine;
    private final InstantSource clock;
    private final Faults faults;
    private final long startedAtMillis;
    private volatile boolean drainAborted;

    public ControlApi(String nodeId, String controlToken, ModelRegistry registry, NodeLifecycle lifecycle, Engine engine,
                      InstantSource clock, boolean allowFaults) {
        this.nodeId = nodeId;
        this.controlToken = controlToken;
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.engine = engine;
        this.clock = clock;
        this.faults = new Faults(allowFaults);
        this.startedAtMillis = clock.millis();
    }

    public Faults faults() {
        return faults;
    }

    void health(Exchange exchange) throws IOException {
        long silentNanos = System.nanoTime() - engine.lastProgressNanos();
        if (engine.sequences() > 0 && silentNanos > STALL_LIMIT.toNanos()) {
            exchange.json(503, new Probe("STALLED", lifecycle.state(), "no decoding progress for "
                    + silentNanos / 1_000_000_000 + " s with " + engine.sequences() + " sequences held"));
            return;
        }
        exchange.json(200, new Probe("UP", lifecycle.state(), "alive and making progress"));
    }

    void ready(Exchange exchange) throws IOException {
        NodeState state = lifecycle.state();
        if (state != NodeState.SERVING) {
            exchange.setHeader("Retry-After", "5");
            exchange.json(503, new Probe("NOT_READY", state, "node is " + state.name().toLowerCase()));
        } else if (!registry.allAdmitting()) {
            exchange.json(503, new Probe("NOT_READY", state, "admission closed for a model"));
        } else {
            exchange.json(200, new Probe("READY", state, "accepting work"));
        }
    }

    void status(Exchange exchange) throws IOException {
        exchange.json(200, snapshot());
    }

    /** The node's status as {@code GET /control/status} reports it. */
    public NodeStatus snapshot() {
        long now = clock.millis();
        return new NodeStatus(nodeId, lifecycle.state(), startedAtMillis, now, now - startedAtMillis,
                JvmHeap.current(), lifecycle.progress(), faults.settings(), registry.statuses());
    }

    void drain(Exchange exchange) throws IOException {
        BearerToken.require(exchange, controlToken);
        DrainRequest request = exchange.readJson(DrainRequest.class, new DrainRequest(null), MAX_CONTROL_BODY);
        DrainDeadline deadline;
        try {
            deadline = request.deadline();
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("invalid_deadline", e.getMessage());
        }
        drainAborted = false;
        DrainProgress progress = lifecycle.drain(deadline);
        LOG.log(System.Logger.Level.INFO, "node={0} drain requested deadline={1}s sequencesLeft={2} state={3}",
                nodeId, deadline.seconds(), progress.sequencesLeft(), lifecycle.state());
        exchange.json(202, new ControlResult(nodeId, lifecycle.state(), lifecycle.progress()));
    }

    /** Called every 100 ms: a drain with nothing left is done; one past its deadline cancels the rest. */
    public void checkDrain() {
        lifecycle.onWorkFinished();
        if (lifecycle.drainOverdue() && !drainAborted) {
            drainAborted = true;
            LOG.log(System.Logger.Level.WARNING, "node={0} drain deadline passed; cancelling {1} sequences",
                    nodeId, lifecycle.progress().sequencesLeft());
            engine.abortAll("draining", "the node's drain deadline passed before this request finished");
        }
    }

    void resume(Exchange exchange) throws IOException {
        BearerToken.require(exchange, controlToken);
        exchange.readJson(Map.class, Map.of(), MAX_CONTROL_BODY);
        lifecycle.resume();
        LOG.log(System.Logger.Level.INFO, "node={0} resumed", nodeId);
        exchange.json(200, new ControlResult(nodeId, lifecycle.state(), null));
    }

    void admission(Exchange exchange) throws IOException {
        BearerToken.require(exchange, controlToken);
        AdmissionRequest request = exchange.readJson(AdmissionRequest.class, null, MAX_CONTROL_BODY);
        if (request == null || request.model() == null || request.open() == null) {
            throw HttpError.badRequest("invalid_request", "send {\"model\": \"<name>\", \"open\": true|false}");
        }
        ModelEntry entry = registry.find(request.model()).orElseThrow(() -> new HttpError(404, "model_not_found",
                "no model '" + request.model() + "' on this node; models: " + registry.names()));
        entry.setAdmissionOpen(request.open());
        LOG.log(System.Logger.Level.INFO, "node={0} model={1} admission={2}", nodeId, request.model(),
                request.open() ? "open" : "closed");
        exchange.json(200, entry.status());
    }

    void getFaults(Exchange exchange) throws IOException {
        exchange.json(200, Map.of("allowed", faults.allowed(), "faults", faults.settings()));
    }

    void setFaults(Exchange exchange) throws IOException {
        BearerToken.require(exchange, controlToken);
        if (!faults.allowed()) {
            throw new HttpError(403, "faults_not_allowed", "fault injection is off; start the node with --allow-faults");
        }
        FaultSettings settings;
        try {
            settings = exchange.readJson(FaultSettings.class, FaultSettings.NONE, MAX_CONTROL_BODY);
        } catch (HttpError e) {
            throw e.getCause() instanceof IllegalArgumentException iae
                    ? HttpError.badRequest("invalid_faults", iae.getMessage()) : e;
        }
        faults.set(settings);
        for (ModelScheduler model : engine.models()) {
            model.leakBlocksPerRequest(settings.hits(model.name()) ? settings.leakBlocksPerRequest() : 0);
        }
        // Zero clears a stall in progress.
        engine.stallFor(Duration.ofSeconds(settings.stallSeconds()).toNanos());
        LOG.log(System.Logger.Level.WARNING, "node={0} faults set: {1}", nodeId, settings);
        exchange.json(200, Map.of("allowed", true, "faults", settings));
        if (settings.crash()) {
            LOG.log(System.Logger.Level.WARNING, "node={0} crashing on request (fault injection)", nodeId);
            Thread.ofVirtual().start(() -> Runtime.getRuntime().halt(137));
        }
    }
}
