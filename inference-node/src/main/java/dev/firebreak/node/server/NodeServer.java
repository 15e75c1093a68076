package dev.firebreak.node.server;

import dev.firebreak.node.http.Router;
import dev.firebreak.node.metrics.NodeMetrics;
import dev.firebreak.node.serving.OpenAiApi;


/** The node's routes: OpenAI API, health, readiness and the control API, served on one port. */
public final class NodeServer {

    private NodeServer() {
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
}
