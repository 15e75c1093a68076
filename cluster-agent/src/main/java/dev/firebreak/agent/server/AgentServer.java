package dev.firebreak.agent.server;

import com.sun.net.httpserver.HttpServer;
import dev.firebreak.node.http.HttpServers;
import dev.firebreak.node.http.Router;

import java.io.IOException;

/** The agent's HTTP server: the console API on one port. */
public final class AgentServer implements AutoCloseable {

    private final HttpServer server;

    private AgentServer(HttpServer server) {
        this.server = server;
    }

    /** Every route the agent serves, in one place. */
    public static Router routing(ClusterApi cluster) {
        return new Router()
                .get("/health", cluster::health)
                .get("/api/v1/cluster", cluster::cluster)
                .get("/api/v1/stream", cluster::stream);
    }

    public static AgentServer start(String host, int port, ClusterApi cluster) throws IOException {
        return new AgentServer(HttpServers.start(host, port, routing(cluster)));
    }

    public String baseUrl() {
        return HttpServers.baseUrl(server);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
