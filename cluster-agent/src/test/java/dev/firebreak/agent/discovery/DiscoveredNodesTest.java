package dev.firebreak.agent.discovery;

import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.DiscoveryConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.api.Role;
import dev.firebreak.node.http.Json;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A running agent with discovery: pods appear in and leave its snapshot as the API server lists them. */
class DiscoveredNodesTest {

    private static final String TOKEN = "viewer-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void shouldAddAndRemoveDiscoveredNodesBesideTheConfiguredOne() throws Exception {
        AtomicReference<String> pods = new AtomicReference<>(Pods.list(Pods.running("web-0", "127.0.0.1")));
        try (MockWebServer api = new MockWebServer()) {
            api.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().code(200).body(pods.get()).build();
                }
            });
            api.start(InetAddress.getLoopbackAddress(), 0);
            AgentConfig config = new AgentConfig("k8s", new AgentConfig.Listen("127.0.0.1", 0), null,
                    List.of(new NodeConfig("static-1", "http://127.0.0.1:9", "t")),
                    List.of(new AccessToken("wall", Role.VIEWER, TOKEN)), null, null, dir.resolve("agent.db").toString(),
                    new DiscoveryConfig(new DiscoveryConfig.Kubernetes(api.url("/").toString(), "inference", "app=node",
                            9, "http", "node-token", 1000L, dir.resolve("no-token").toString(), null)));

            try (Agent agent = Agent.start(config, InstantSource.system())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> nodeIds(agent), ids -> ids.equals(List.of("static-1", "web-0")));
                assertThat(node(agent, "web-0").url()).isEqualTo("http://127.0.0.1:9");

                pods.set(Pods.list());

                await().atMost(Duration.ofSeconds(10)).until(() -> nodeIds(agent), ids -> ids.equals(List.of("static-1")));
            }
        }
    }

    private static List<String> nodeIds(Agent agent) throws IOException {
        return snapshot(agent).nodes().stream().map(NodeView::id).toList();
    }

    private static NodeView node(Agent agent, String id) throws IOException {
        return snapshot(agent).nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    private static ClusterSnapshot snapshot(Agent agent) throws IOException {
        Request request = new Request.Builder().url(agent.baseUrl() + "/api/v1/cluster")
                .header("Authorization", "Bearer " + TOKEN).build();
        try (Response response = new OkHttpClient().newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            return Json.mapper().readValue(response.body().byteStream(), ClusterSnapshot.class);
        }
    }
}
