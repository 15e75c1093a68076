package dev.firebreak.agent.detect;

import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.client.StreamConnection;
import dev.firebreak.agent.client.StreamListener;
import dev.firebreak.agent.testing.Completions;
import dev.firebreak.lab.localcluster.LocalCluster;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real node with the KV-leak fault: the agent sees the leak, says why, and stops sending it the model. */
class LeakDetectionTest {

    @Test
    void shouldDetectAKvLeakAndOpenTheBreaker() throws Exception {
        OkHttpClient http = new OkHttpClient();
        try (TwoNodeCluster started = TwoNodeCluster.start("leak")) {
            LocalCluster cluster = started.cluster();
            AgentClient viewer = started.viewer();
            List<ClusterEvent> events = new CopyOnWriteArrayList<>();
            try (StreamConnection stream = viewer.openStream(StreamListener.of(snapshot -> { }, events::add))) {
                cluster.setFaults("node-1", new FaultSettings(2, null, null, null, null, null));
                Request direct = Completions.request(cluster.node("node-1").url(), "tiny-chat", "leak", 20);
                long until = System.nanoTime() + Duration.ofSeconds(25).toNanos();
                while (System.nanoTime() < until && events.stream().noneMatch(e -> e.type().equals("kv-leak"))) {
                    try (Response r = http.newCall(direct).execute()) {
                        assertThat(r.code()).isEqualTo(200);
                    }
                    Thread.sleep(200);
                }

                assertThat(events).anySatisfy(e -> {
                    assertThat(e.type()).isEqualTo("kv-leak");
                    assertThat(e.nodeId()).isEqualTo("node-1");
                    assertThat(e.message()).contains("orphaned blocks");
                });
                // The event goes out at once; the snapshot that lists the alert follows within its second.
                await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(viewer.cluster().alerts())
                        .extracting(Alert::kind, Alert::node).contains(org.assertj.core.groups.Tuple.tuple("kv-leak", "node-1")));
                started.awaitBreakerOpen("node-1");
                assertThat(viewer.cluster().nodes().get(1).status().models().getFirst().kv().blocksOrphaned())
                        .as("the healthy node leaks nothing").isZero();
            }
        }
    }
}
