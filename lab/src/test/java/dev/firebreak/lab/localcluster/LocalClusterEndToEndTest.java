package dev.firebreak.lab.localcluster;

import dev.firebreak.node.api.DrainDeadline;
import dev.firebreak.agent.client.NodeControlClient;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.client.AgentException;
import dev.firebreak.agent.client.StreamConnection;
import dev.firebreak.agent.client.StreamListener;
import dev.firebreak.node.api.NodeState;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two real node processes and a real agent process on loopback, shared by the class. Each test
 * touches its own node: node-1 is drained, node-2 is killed.
 */
class LocalClusterEndToEndTest {

    private static LocalCluster cluster;
    private static AgentClient viewer;
    private static final OkHttpClient http = new OkHttpClient();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start(new LocalCluster.Options("e2e", 2, List.of("tiny-chat", "tiny-code"), null));
        viewer = new AgentClient(cluster.agentUrl(), cluster.viewerToken());
    }

    @AfterAll
    static void stopCluster() {
        List<ChildProcess> processes = cluster.processes();
        viewer.close();
        cluster.close();
        assertThat(processes).as("no process left behind").noneMatch(ChildProcess::isAlive);
    }

    @Test
    void shouldShowEveryNodeWithItsModelsInTheAgentSnapshot() throws IOException {
        ClusterSnapshot snapshot = viewer.cluster();

        assertThat(snapshot.cluster()).isEqualTo("e2e");
        assertThat(snapshot.nodes()).extracting(NodeView::id).containsExactly("node-1", "node-2");
        NodeView first = snapshot.nodes().getFirst();
        assertThat(first.status().models()).extracting(m -> m.model()).containsExactly("tiny-chat", "tiny-code");
        assertThat(first.status().uptimeMillis()).isPositive();
    }

    @Test
    void shouldSeeADrainReachTheAgent() throws IOException {
        LocalCluster.Node node = cluster.node("node-1");
        try (NodeControlClient control = new NodeControlClient(cluster.controlToken())) {
            assertThat(control.drain(node.url(), DrainDeadline.ofSeconds(30L)).state())
                    .isIn(NodeState.DRAINING, NodeState.DRAINED);
        }

        // With no work in flight a drain completes at once, so the agent may see DRAINING or DRAINED.
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(nodeView("node-1").status().state()).isIn(NodeState.DRAINING, NodeState.DRAINED));
        assertThat(nodeView("node-1").health()).isEqualTo(NodeHealth.UP);
    }

    @Test
    void shouldMarkAKilledNodeDownWithinTwoSecondsAndStreamTheEvent() throws Exception {
        List<ClusterEvent> events = new CopyOnWriteArrayList<>();
        List<ClusterSnapshot> snapshots = new CopyOnWriteArrayList<>();
        try (StreamConnection stream = viewer.openStream(StreamListener.of(snapshots::add, events::add))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !snapshots.isEmpty());

            long killedAt = System.nanoTime();
            cluster.node("node-2").process().kill();

            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(nodeView("node-2").health()).isEqualTo(NodeHealth.DOWN));
            long detectedMillis = (System.nanoTime() - killedAt) / 1_000_000;
            assertThat(detectedMillis).isLessThan(2000);
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(events)
                    .anySatisfy(e -> assertThat(e.type() + " " + e.nodeId()).isEqualTo("node-down node-2")));
            assertThat(nodeView("node-1").health()).as("the other node is untouched").isEqualTo(NodeHealth.UP);
        }
    }

    @Test
    void shouldRefuseReadsWithoutAValidToken() throws IOException {
        try (AgentClient anonymous = new AgentClient(cluster.agentUrl(), "not-a-valid-token-at-all")) {
            assertThatThrownBy(anonymous::cluster).isInstanceOfSatisfying(AgentException.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.code()).isEqualTo("unauthorized");
            });
        }
        try (Response response = http.newCall(new Request.Builder()
                .url(cluster.agentUrl() + "/api/v1/cluster").build()).execute()) {
            assertThat(response.code()).isEqualTo(401);
        }
    }

    @Test
    void shouldResumeTheStreamAfterTheLastEventId() throws Exception {
        List<ClusterSnapshot> snapshots = new CopyOnWriteArrayList<>();
        String resumeFrom;
        try (StreamConnection stream = viewer.openStream(StreamListener.of(snapshots::add, event -> { }))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> snapshots.size() >= 2);
            resumeFrom = stream.lastEventId();
        }
        Thread.sleep(2100); // two snapshots happen while no stream is open
        Request resume = new Request.Builder().url(cluster.agentUrl() + "/api/v1/stream")
                .header("Authorization", "Bearer " + cluster.viewerToken())
                .header("Last-Event-ID", resumeFrom).build();
        OkHttpClient streaming = http.newBuilder().readTimeout(Duration.ofSeconds(5)).build();
        try (Response response = streaming.newCall(resume).execute()) {
            var source = response.body().source();
            List<Long> ids = new java.util.ArrayList<>();
            List<String> types = new java.util.ArrayList<>();
            while (ids.size() < 2) {
                String line = source.readUtf8LineStrict();
                if (line.startsWith("id: ")) {
                    ids.add(Long.parseLong(line.substring(4)));
                } else if (line.startsWith("event: ")) {
                    types.add(line.substring(7));
                }
            }
            // A snapshot supersedes the ones before it: the replay holds the events missed and the latest
            // of the two snapshots published while away, not every second's state in turn.
            assertThat(ids.getFirst()).as("the first replayed event comes after the last one seen")
                    .isGreaterThan(Long.parseLong(resumeFrom));
            if (types.getFirst().equals("snapshot")) {
                assertThat(ids.getFirst()).as("the latest snapshot, not the first one missed")
                        .isGreaterThanOrEqualTo(Long.parseLong(resumeFrom) + 2);
            }
            assertThat(ids.get(1)).isGreaterThan(ids.getFirst());
        }
    }

    private static NodeView nodeView(String id) throws IOException {
        return viewer.cluster().nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }
}
