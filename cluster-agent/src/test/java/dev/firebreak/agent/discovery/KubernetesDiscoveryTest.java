package dev.firebreak.agent.discovery;

import dev.firebreak.agent.config.DiscoveryConfig;
import dev.firebreak.agent.config.NodeConfig;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubernetesDiscoveryTest {

    private final MockWebServer api = new MockWebServer();
    private final RecordingWatchSet watch = new RecordingWatchSet();

    @TempDir
    Path dir;

    @BeforeEach
    void startApi() throws IOException {
        api.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void shouldWatchRunningPodsListedWithTheLabelSelectorAndTheServiceAccountToken() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "sa-token-123\n");
        serve(Pods.list(Pods.running("node-a", "10.1.2.3"), Pods.pod("node-b", "Pending", null, null),
                Pods.pod("node-c", "Running", "10.1.2.4", "2026-11-25T02:00:00Z"), Pods.running("node-d", "fd00::7")));

        KubernetesDiscovery.Change change = discovery(token, Set.of()).poll();

        assertThat(change.added()).containsExactly("node-a", "node-d");
        assertThat(watch.nodes.values()).containsExactly(
                new NodeConfig("node-a", "http://10.1.2.3:8100", "node-token"),
                new NodeConfig("node-d", "http://[fd00::7]:8100", "node-token"));
        RecordedRequest request = api.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/namespaces/inference/pods");
        assertThat(request.getUrl().queryParameter("labelSelector")).isEqualTo("app=firebreak-node,tier!=canary");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sa-token-123");
    }

    @Test
    void shouldUnwatchPodsThatAreGoneOrDeletedAndRewatchOneThatMoved() throws Exception {
        KubernetesDiscovery discovery = discovery(dir.resolve("no-token"), Set.of());
        serve(Pods.list(Pods.running("node-a", "10.0.0.1"), Pods.running("node-b", "10.0.0.2"),
                Pods.running("node-c", "10.0.0.3")));
        discovery.poll();
        serve(Pods.list(Pods.running("node-b", "10.0.0.22"), Pods.pod("node-c", "Running", "10.0.0.3", "2026-11-25T02:00:00Z"),
                Pods.running("node-e", "10.0.0.5")));

        KubernetesDiscovery.Change change = discovery.poll();

        assertThat(change.removed()).containsExactly("node-a", "node-b", "node-c");
        assertThat(change.added()).containsExactly("node-b", "node-e");
        assertThat(watch.nodes.keySet()).containsExactly("node-b", "node-e");
        assertThat(watch.nodes.get("node-b").url()).isEqualTo("http://10.0.0.22:8100");
        assertThat(watch.reasons).contains("node-a: its pod is gone, not running, or being deleted",
                "node-b: its pod moved to http://10.0.0.22:8100");
    }

    @Test
    void shouldChangeNothingWhenTheListingIsTheSame() throws Exception {
        KubernetesDiscovery discovery = discovery(dir.resolve("no-token"), Set.of());
        serve(Pods.list(Pods.running("node-a", "10.0.0.1")));
        serve(Pods.list(Pods.running("node-a", "10.0.0.1")));
        discovery.poll();

        KubernetesDiscovery.Change change = discovery.poll();

        assertThat(change.added()).isEmpty();
        assertThat(change.removed()).isEmpty();
        assertThat(watch.calls).isEqualTo(1);
    }

    @Test
    void shouldKeepTheWatchSetWhenTheApiServerRefuses() throws Exception {
        KubernetesDiscovery discovery = discovery(dir.resolve("no-token"), Set.of());
        serve(Pods.list(Pods.running("node-a", "10.0.0.1")));
        discovery.poll();
        api.enqueue(new MockResponse.Builder().code(403)
                .body("{\"kind\":\"Status\",\"message\":\"pods is forbidden: User \\\"system:serviceaccount:inference:default\\\" cannot list\"}")
                .build());

        assertThatThrownBy(discovery::poll)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/api/v1/namespaces/inference/pods")
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("pods is forbidden");
        assertThat(watch.nodes.keySet()).containsExactly("node-a");
    }

    @Test
    void shouldNameAnAnswerThatIsNotAPodList() throws Exception {
        api.enqueue(new MockResponse.Builder().code(200).body("<html>proxy login</html>").build());

        assertThatThrownBy(() -> discovery(dir.resolve("no-token"), Set.of()).poll())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a PodList");
    }

    @Test
    void shouldSkipAPodNamedLikeAConfiguredNode() throws Exception {
        serve(Pods.list(Pods.running("node-1", "10.0.0.1"), Pods.running("node-2", "10.0.0.2")));

        discovery(dir.resolve("no-token"), Set.of("node-1")).poll();

        assertThat(watch.nodes.keySet()).containsExactly("node-2");
    }

    @Test
    void shouldAskForTheTokenOfAnHttpsApiServer() throws Exception {
        DiscoveryConfig.Kubernetes config = new DiscoveryConfig.Kubernetes("https://127.0.0.1:1", "inference", "app=x",
                null, null, "node-token", null, dir.resolve("missing-token").toString(), dir.resolve("missing-ca").toString());

        assertThatThrownBy(() -> new KubernetesDiscovery(config, new OkHttpClient(), watch, Set.of()).poll())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no service-account token at " + dir.resolve("missing-token"));
    }

    private KubernetesDiscovery discovery(Path tokenFile, Set<String> configured) throws IOException {
        DiscoveryConfig.Kubernetes config = new DiscoveryConfig.Kubernetes(api.url("/").toString(), "inference",
                "app=firebreak-node,tier!=canary", null, null, "node-token", null, tokenFile.toString(), null);
        return new KubernetesDiscovery(config, new OkHttpClient(), watch, configured);
    }

    private void serve(String podList) {
        api.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(podList).build());
    }

    /** The watch set, recorded. */
    private static final class RecordingWatchSet implements WatchSet {
        final Map<String, NodeConfig> nodes = new LinkedHashMap<>();
        final List<String> reasons = new ArrayList<>();
        int calls;

        @Override
        public boolean watch(NodeConfig node) {
            calls++;
            return nodes.putIfAbsent(node.id(), node) == null;
        }

        @Override
        public void unwatch(String nodeId, String why) {
            nodes.remove(nodeId);
            reasons.add(nodeId + ": " + why);
        }
    }
}
