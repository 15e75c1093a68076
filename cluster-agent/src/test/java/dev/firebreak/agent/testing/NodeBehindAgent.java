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

/**
 * A real node serving {@code model} and a real agent in front of it, both in this JVM on loopback
 * ports, one token for the node's control API and the agent's operator. Closed by the test class.
 */
public final class NodeBehindAgent implements AutoCloseable {

    private final Node node;
    private final Agent agent;

    private NodeBehindAgent(Node node, Agent agent) {
        this.node = node;
        this.agent = agent;
    }

    /** Starts the node "node-1" and an agent named {@code cluster} keeping its state under {@code dir}. */
    public static NodeBehindAgent start(String cluster, String model, String token, Path dir) throws IOException {
        Node node = Node.start(NodeOptions.forTests("node-1", token, List.of(model)));
        try {
            AgentConfig config = new AgentConfig(cluster, new AgentConfig.Listen("127.0.0.1", 0), null,
                    List.of(new NodeConfig("node-1", node.baseUrl(), token)),
                    List.of(new AccessToken("ops", Role.OPERATOR, token)), null, null, dir.resolve("agent.db").toString(), null);
            return new NodeBehindAgent(node, Agent.start(config, InstantSource.system()));
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    public String nodeUrl() {
        return node.baseUrl();
    }

    public String agentUrl() {
        return agent.baseUrl();
    }

    @Override
    public void close() {
        agent.close();
        node.close();
    }
}
