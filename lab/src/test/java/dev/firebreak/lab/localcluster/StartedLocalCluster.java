package dev.firebreak.lab.localcluster;

import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.testing.Fixtures;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * A {@link LocalCluster} a test class shares, with a viewer's client of its agent: started before
 * the class's {@code @BeforeAll} methods run, stopped after the class even when a test failed.
 * Register it as {@code @RegisterExtension static final StartedLocalCluster local = ...}.
 */
public final class StartedLocalCluster implements BeforeAllCallback, AfterAllCallback {

    private final LocalCluster.Options options;
    private LocalCluster cluster;
    private AgentClient viewer;

    private StartedLocalCluster(LocalCluster.Options options) {
        this.options = options;
    }

    /** A cluster named {@code name} of {@code nodes} nodes, each serving {@code models}. */
    public static StartedLocalCluster of(String name, int nodes, String... models) {
        return new StartedLocalCluster(new LocalCluster.Options(name, nodes, List.of(models), null));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = LocalCluster.start(options);
        viewer = new AgentClient(cluster.agentUrl(), cluster.viewerToken());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Fixtures.closeAll(viewer, cluster);
    }

    public LocalCluster cluster() {
        return cluster;
    }

    /** A client of the agent with the viewer's token. */
    public AgentClient viewer() {
        return viewer;
    }
}
