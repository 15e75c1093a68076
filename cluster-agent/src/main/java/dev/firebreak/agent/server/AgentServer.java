package dev.firebreak.agent.server;

import dev.firebreak.agent.actions.ActionsApi;
import dev.firebreak.agent.gateway.GatewayApi;
import dev.firebreak.agent.incidents.IncidentsApi;
import dev.firebreak.agent.keys.KeysApi;
import dev.firebreak.agent.metrics.AgentMetrics;
import dev.firebreak.node.http.Router;


/** The agent's routes: the console API and the OpenAI-compatible gateway, served on one port. */
public final class AgentServer {

    private AgentServer() {
    }

    /** Every route the agent serves, in one place. */
    public static Router routing(ClusterApi cluster, ActionsApi actions, GatewayApi gateway, AgentMetrics metrics,
                                 IncidentsApi incidents, KeysApi keys) {
        return new Router()
                .get("/health", actions::health)
                .get("/ready", cluster::ready)
                .get("/metrics", metrics::scrape)
                .get("/api/v1/whoami", cluster::whoami)
                .get("/api/v1/cluster", cluster::cluster)
                .get("/api/v1/stream", cluster::stream)
                .get("/api/v1/series", cluster::series)
                .post("/api/v1/actions", actions::act)
                .get("/api/v1/audit", actions::audit)
                .get("/api/v1/incidents", incidents::list)
                .get("/api/v1/keys", keys::list)
                .post("/api/v1/keys", keys::act)
                .get("/v1/models", gateway.models())
                .post("/v1/completions", gateway.completions())
                .post("/v1/chat/completions", gateway.chatCompletions());
    }
}
