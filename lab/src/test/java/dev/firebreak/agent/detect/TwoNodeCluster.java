package dev.firebreak.agent.detect;

import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.lab.localcluster.LocalCluster;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A local cluster of two nodes serving tiny-chat and a viewer of its agent: what a detection test
 * starts before it injects a fault on one node, and the breaker it then expects to open.
 */
record TwoNodeCluster(LocalCluster cluster, AgentClient viewer) implements AutoCloseable {

    static TwoNodeCluster start(String name) throws Exception {
        LocalCluster cluster = LocalCluster.start(new LocalCluster.Options(name, 2, List.of("tiny-chat"), null));
        return new TwoNodeCluster(cluster, new AgentClient(cluster.agentUrl(), cluster.viewerToken()));
    }

    /** Waits up to 3 s for {@code node}'s breaker to take it out of the model's path: open, or half open to try it again. */
    void awaitBreakerOpen(String node) {
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(viewer.cluster().breakers())
                .anySatisfy(b -> {
                    assertThat(b.nodeId()).isEqualTo(node);
                    assertThat(b.state()).isIn(BreakerState.OPEN, BreakerState.HALF_OPEN);
                }));
    }

    @Override
    public void close() {
        try (cluster) {
            viewer.close();
        }
    }
}
