package dev.firebreak.node.server;

import com.sun.net.httpserver.HttpServer;
import dev.firebreak.node.http.HttpServers;
import dev.firebreak.node.http.Router;
import dev.firebreak.node.metrics.NodeMetrics;
import dev.firebreak.node.serving.OpenAiApi;

import java.io.IOException;

/** The node's HTTP server: OpenAI API, health, readiness and the control API on one port. */
public final class NodeServer implements AutoCloseable {

    private final HttpServer server;

    private NodeServer(HttpServer server) {
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

    public static NodeServer start(String host, int port, ControlApi control, OpenAiApi openAi, NodeMetrics metrics)
            throws IOException {
        return new NodeServer(HttpServers.start(host, port, routing(control, openAi, metrics)));
    }

    public String baseUrl() {
        return HttpServers.baseUrl(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
