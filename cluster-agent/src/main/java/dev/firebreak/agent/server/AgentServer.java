package dev.firebreak.agent.server;

import dev.firebreak.agent.actions.ActionsApi;
import dev.firebreak.agent.gateway.GatewayApi;
import dev.firebreak.node.http.HttpSettings;
import dev.firebreak.node.http.Router;
import dev.firebreak.node.http.WebServer;

import java.io.IOException;

/** The agent's HTTP server: the console API and the OpenAI-compatible gateway on one port. */
public final class AgentServer implements AutoCloseable {

    private final WebServer server;

    private AgentServer(WebServer server) {
        this.server = server;
    }

    /** Every route the agent serves, in one place. */
    public static Router routing(ClusterApi cluster, ActionsApi actions, GatewayApi gateway) {
        return new Router()
                .get("/health", actions::health)
                .get("/ready", cluster::ready)
                .get("/api/v1/whoami", cluster::whoami)
                .get("/api/v1/cluster", cluster::cluster)
                .get("/api/v1/stream", cluster::stream)
                .get("/api/v1/series", cluster::series)
                .post("/api/v1/actions", actions::act)
                .get("/api/v1/audit", actions::audit)
                .get("/v1/models", gateway::models)
                .post("/v1/completions", gateway.completions())
                .post("/v1/chat/completions", gateway.chatCompletions());
    }

    public static AgentServer start(HttpSettings http, ClusterApi cluster, ActionsApi actions, GatewayApi gateway)
            throws IOException {
        return new AgentServer(WebServer.start(http, routing(cluster, actions, gateway)));
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    @Override
    public void close() {
        server.close();
    }
}
