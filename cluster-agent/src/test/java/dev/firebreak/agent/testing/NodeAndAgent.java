package dev.firebreak.agent.testing;

import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.GatewayConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.node.Node;
import dev.firebreak.node.NodeOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

/** A real node ("node-1") serving one model and a real agent watching it, both in this JVM on loopback ports. */
public record NodeAndAgent(Node node, Agent agent) implements AutoCloseable {

    /**
     * Starts both; {@code token} is the node's control token and the agent's operator token. The
     * gateway is in open mode: these tests are about what it does with a request, not who sent it.
     */
    public static NodeAndAgent start(Path dir, String cluster, String token, String model) throws IOException {
        return start(dir, cluster, token, model, true);
    }

    /** Starts both, the gateway in open mode or needing client keys. */
    public static NodeAndAgent start(Path dir, String cluster, String token, String model, boolean openGateway)
            throws IOException {
        Node node = Node.start(NodeOptions.forTests("node-1", token, List.of(model)));
        try {
            warmUp(node, model);
            return new NodeAndAgent(node, agent(dir, cluster, token, openGateway, new NodeConfig("node-1", node.baseUrl(), token)));
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /**
     * Starts an agent on a loopback port watching {@code nodes}, {@code operatorToken} its one
     * (operator) access token, its state in {@code dir}, its gateway in open mode.
     */
    public static Agent agent(Path dir, String cluster, String operatorToken, NodeConfig... nodes) throws IOException {
        return agent(dir, cluster, operatorToken, true, nodes);
    }

    /** The same, the gateway in open mode or needing client keys. */
    public static Agent agent(Path dir, String cluster, String operatorToken, boolean openGateway, NodeConfig... nodes)
            throws IOException {
        AgentConfig config = new AgentConfig(cluster, new AgentConfig.Listen("127.0.0.1", 0), null, List.of(nodes),
                List.of(new AccessToken("ops", Role.OPERATOR, operatorToken)), GatewayConfig.defaults().withOpen(openGateway),
                null, dir.resolve("agent.db").toString(), null);
        return Agent.start(config, InstantSource.system());
    }

    /**
     * One request straight to the node before the agent watches it: a node's first request warms its
     * kernels, seconds on a busy machine, which the agent's stall detector would rightly call a stall.
     */
    public static void warmUp(Node node, String model) throws IOException {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.baseUrl()
                        + "/v1/completions")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"prompt\":\"warm up\",\"max_tokens\":2}")).build();
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted warming up " + node.baseUrl(), e);
        }
    }

    /** Stops both; safe on a fixture that never started ({@code null}). */
    public static void stop(NodeAndAgent started) {
        if (started != null) {
            started.close();
        }
    }

    @Override
    public void close() {
        agent.close();
        node.close();
    }
}
