package dev.firebreak.lab.simulator;

import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.JvmHeap;
import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.api.NodeStatus;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;
import dev.firebreak.node.openai.OpenAiErrors;
import dev.firebreak.node.openai.RejectionCounts;
import dev.firebreak.node.http.Router;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated node: its id, kind, models and behaviour, the routes its kind's engine serves,
 * and the Jetty connector it listens on. Taking it down closes its port (connections refused, open
 * ones cut), as a node that dies; bringing it up opens the same port again.
 */
public final class SimulatedNode {

    static final long OVERSIZED_BYTES = 20L << 20;
    private static final long SILENT_MILLIS = 60_000;

    private final String id;
    private final NodeKind kind;
    private final Behaviour behaviour;
    private final Map<String, ModelSim> models;
    private final InstantSource clock;
    private final long startedAtMillis;
    private final Router router;
    private ServerConnector connector;
    private volatile boolean up;
    private final ScrapeGaps gaps;
    private final java.util.concurrent.atomic.AtomicLong lastScrapeNanos = new java.util.concurrent.atomic.AtomicLong();

    SimulatedNode(String id, NodeKind kind, Behaviour behaviour, List<String> models, SimulatorOptions options, long seed,
                  InstantSource clock, ScrapeGaps gaps) {
        this.id = id;
        this.gaps = gaps;
        this.kind = kind;
        this.behaviour = behaviour;
        this.clock = clock;
        this.startedAtMillis = clock.millis();
        Map<String, ModelSim> sims = new LinkedHashMap<>();
        for (int m = 0; m < models.size(); m++) {
            sims.put(models.get(m), new ModelSim(models.get(m), behaviour, options, seed * 1_000_003L + m, startedAtMillis));
        }
        this.models = sims;
        this.router = routing(new OpenAiFace(sims, options.tokensPerSecond(), startedAtMillis / 1000));
    }

    public String id() {
        return id;
    }

    public NodeKind kind() {
        return kind;
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    public List<String> models() {
        return List.copyOf(models.keySet());
    }

    /** The port it listens on (kept while it is down). */
    public int port() {
        return connector.getLocalPort() > 0 ? connector.getLocalPort() : connector.getPort();
    }

    public String url() {
        String host = connector.getHost();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public boolean up() {
        return up;
    }

    /** Closes its port: the agent's next scrape is refused, connections open now are cut. */
    public synchronized void down() throws Exception {
        if (up) {
            connector.setPort(port());
            up = false;
            connector.stop();
        }
    }

    /** Opens its port again. */
    public synchronized void bringUp() throws Exception {
        if (!up) {
            connector.start();
            up = true;
        }
    }

    Router router() {
        return router;
    }

    void listenOn(ServerConnector listening) {
        this.connector = listening;
        this.up = true;
    }

    private Router routing(OpenAiFace openAi) {
        RejectionCounts rejections = new RejectionCounts();
        Router r = new Router()
                .get("/health", this::health)
                .get("/ready", this::ready)
                .get("/v1/models", kind == NodeKind.OPENAI ? scraped(openAi::models) : openAi::models)
                .post("/v1/completions", OpenAiErrors.wrap(openAi::completions, rejections))
                .post("/v1/chat/completions", OpenAiErrors.wrap(openAi::chat, rejections));
        if (kind != NodeKind.OPENAI) {
            r.get("/metrics", kind == NodeKind.FIREBREAK ? this::metrics : scraped(this::metrics));
        }
        if (kind == NodeKind.FIREBREAK) {
            r.get("/control/status", scraped(this::status));
        }
        if (kind == NodeKind.LLAMACPP) {
            r.get("/slots", this::slots);
        }
        if (behaviour == Behaviour.SILENT) {
            Router.Handler silent = silent();
            Router hung = new Router();
            for (String path : List.of("/health", "/ready", "/v1/models", "/metrics", "/control/status", "/slots")) {
                hung.get(path, scraped(silent));
            }
            return hung.post("/v1/completions", silent).post("/v1/chat/completions", silent);
        }
        return r;
    }

    /** The handler of the endpoint a scrape of this kind reads first, timing the gap since the last scrape. */
    private Router.Handler scraped(Router.Handler handler) {
        return exchange -> {
            long now = System.nanoTime();
            long before = lastScrapeNanos.getAndSet(now);
            if (before != 0) {
                gaps.record(now - before);
            }
            if (behaviour == Behaviour.OVERSIZED) {
                oversized(exchange);
            } else {
                handler.handle(exchange);
            }
        };
    }

    /** A node that answers nothing: the handler waits until the simulator stops or a long while passes. */
    private static Router.Handler silent() {
        return exchange -> {
            try {
                Thread.sleep(SILENT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new HttpError(503, "silent", "the simulated node answered nothing for " + SILENT_MILLIS + " ms");
        };
    }

    private static void oversized(Exchange exchange) throws IOException {
        byte[] line = "# padding of a runaway exporter, sent without a Content-Length\n".getBytes(StandardCharsets.US_ASCII);
        try (var out = exchange.stream(200, "text/plain; version=0.0.4; charset=utf-8")) {
            for (long sent = 0; sent < OVERSIZED_BYTES; sent += line.length) {
                out.write(line);
            }
        }
    }

    private void health(Exchange exchange) throws IOException {
        if (behaviour == Behaviour.STALLED && kind == NodeKind.FIREBREAK) {
            // A Firebreak node's /health means "making forward progress".
            throw new HttpError(503, "stalled", "no forward progress");
        }
        switch (kind) {
            case FIREBREAK -> exchange.json(200, Map.of("status", "ok", "nodeId", id));
            case LLAMACPP -> exchange.json(200, Map.of("status", "ok"));
            default -> exchange.send(200, "text/plain; charset=utf-8", new byte[0]);
        }
    }

    private void ready(Exchange exchange) throws IOException {
        exchange.json(200, Map.of("ready", true));
    }

    private void metrics(Exchange exchange) throws IOException {
        String text = MetricsFace.render(kind, id, true, readings());
        exchange.send(200, "text/plain; version=0.0.4; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private void status(Exchange exchange) throws IOException {
        long now = clock.millis();
        List<ModelStatus> statuses = new ArrayList<>();
        for (MetricsFace.Reading r : readings()) {
            ModelSim.Figures f = r.figures();
            statuses.add(new ModelStatus(r.model(), true, f.kv(), f.running(), f.waiting(), f.tokensPerSecond(), f.outcomes(),
                    f.ttftSummary(), f.e2eSummary(), f.preemptions()));
        }
        exchange.json(200, new NodeStatus(id, NodeState.SERVING, startedAtMillis, now, now - startedAtMillis,
                JvmHeap.current(), null, FaultSettings.NONE, statuses));
    }

    private void slots(Exchange exchange) throws IOException {
        int running = readings().getFirst().figures().running();
        List<Map<String, Object>> slots = new ArrayList<>();
        for (int i = 0; i < Math.max(4, running); i++) {
            slots.add(Map.of("id", i, "is_processing", i < running));
        }
        exchange.json(200, slots);
    }

    private List<MetricsFace.Reading> readings() {
        long now = clock.millis();
        List<MetricsFace.Reading> readings = new ArrayList<>(models.size());
        models.forEach((name, sim) -> readings.add(new MetricsFace.Reading(name, sim.figures(now))));
        return readings;
    }
}
