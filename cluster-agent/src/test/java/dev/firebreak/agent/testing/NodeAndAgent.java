package dev.firebreak.agent.testing;

import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.node.Node;
import dev.firebreak.node.NodeOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

/** A real node ("node-1") serving one model and a real agent watching it, both in this JVM on loopback ports. */
public record NodeAndAgent(Node node, Agent agent) implements AutoCloseable {

    /** Starts both; {@code token} is the node's control token and the agent's operator token. */
    public static NodeAndAgent start(Path dir, String cluster, String token, String model) throws IOException {
        Node node = Node.start(NodeOptions.forTests("node-1", token, List.of(model)));
        try {
            return new NodeAndAgent(node, agent(dir, cluster, token, new NodeConfig("node-1", node.baseUrl(), token)));
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /**
     * Starts an agent on a loopback port watching {@code nodes}, {@code operatorToken} its one
     * (operator) access token, its state in {@code dir}.
     */
    public static Agent agent(Path dir, String cluster, String operatorToken, NodeConfig... nodes) throws IOException {
        AgentConfig config = new AgentConfig(cluster, new AgentConfig.Listen("127.0.0.1", 0), null, List.of(nodes),
                List.of(new AccessToken("ops", Role.OPERATOR, operatorToken)), null, null, dir.resolve("agent.db").toString(), null);
        return Agent.start(config, InstantSource.system());
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
