package dev.firebreak.node.server;

import dev.firebreak.node.http.HttpSettings;
import dev.firebreak.node.http.Router;
import dev.firebreak.node.http.WebServer;
import dev.firebreak.node.metrics.NodeMetrics;
import dev.firebreak.node.serving.OpenAiApi;

import java.io.IOException;

/** The node's HTTP server: OpenAI API, health, readiness and the control API on one port. */
public final class NodeServer implements AutoCloseable {

    private final WebServer server;

    private NodeServer(WebServer server) {
        this.server = server;
    }

    /** Every route the node serves, in one place. */
    public static Router routing(ControlApi control, OpenAiApi openAi, NodeMetrics metrics) {
        return new Router()
                .get("/metrics", metrics::scrape)
                .get("/health", control::health)
                .get("/ready", control::ready)
                .get("/control/status", control::status)
                .post("/control/drain", control::drain)
                .post("/control/resume", control::resume)
                .post("/control/admission", control::admission)
                .get("/control/faults", control::getFaults)
                .post("/control/faults", control::setFaults)
                .get("/v1/models", openAi::models)
                .post("/v1/completions", openAi.completionsHandler())
                .post("/v1/chat/completions", openAi.chatCompletionsHandler());
    }

    public static NodeServer start(HttpSettings http, ControlApi control, OpenAiApi openAi, NodeMetrics metrics)
            throws IOException {
        return new NodeServer(WebServer.start(http, routing(control, openAi, metrics)));
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
