package dev.firebreak.agent.testing;

import dev.firebreak.agent.Agent;
import dev.firebreak.node.Node;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link NodeAndAgent} shared by a test class: started before its {@code @BeforeAll} methods run,
 * its state in a folder of its own, and stopped (the folder removed) after the class, even when a
 * test failed. Register it as {@code @RegisterExtension static final StartedNodeAndAgent cluster = ...}.
 */
public final class StartedNodeAndAgent implements BeforeAllCallback, AfterAllCallback {

    /** How the pair is started in a folder of its own. */
    private interface Start {
        NodeAndAgent in(Path dir) throws IOException;
    }

    private final String cluster;
    private final Start start;
    private Path dir;
    private NodeAndAgent started;

    private StartedNodeAndAgent(String cluster, Start start) {
        this.cluster = cluster;
        this.start = start;
    }

    /** The gateway in open mode: the tests are about what it does with a request, not who sent it. */
    public static StartedNodeAndAgent openGateway(String cluster, String token, String model) {
        return new StartedNodeAndAgent(cluster, dir -> NodeAndAgent.start(dir, cluster, token, model, true));
    }

    /** The gateway needing client keys; {@code token} is the node's control token and the agent's operator token. */
    public static StartedNodeAndAgent withClientKeys(String cluster, String token, String model) {
        return new StartedNodeAndAgent(cluster, dir -> NodeAndAgent.start(dir, cluster, token, model, false));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("firebreak-" + cluster);
        started = start.in(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        NodeAndAgent.stop(started);
        if (dir != null) {
            Fixtures.deleteFolder(dir);
        }
    }

    public Node node() {
        return started.node();
    }

    public Agent agent() {
        return started.agent();
    }
}
