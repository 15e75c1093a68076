package dev.firebreak.agent.engines;

import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.client.NodeControlClient;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.testing.Completions;
import dev.firebreak.agent.testing.FaultyNode;
import dev.firebreak.agent.testing.NodeAndAgent;
import dev.firebreak.node.Node;
import dev.firebreak.node.api.FaultSettings;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Firebreak node watched as a vLLM server, through {@link VllmFace}: the agent knows only
 * vLLM's metric names, so it cannot see orphaned blocks, and must find a KV leak injected on the
 * node from the KV usage share rising while the live sequences do not, on real traffic through
 * its own gateway.
 */
class VllmFaceEndToEndTest {

    private static final String TOKEN = "vllm-face-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void aKvLeakOnTheRealNodeIsFoundThroughTheVllmFace() throws Exception {
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build();
        try (Node node = FaultyNode.start("engine-1", TOKEN, "tiny-chat", 0);
             VllmFace face = new VllmFace(node.baseUrl(), TOKEN);
             Agent agent = NodeAndAgent.agent(dir, "vllm-face", TOKEN, new NodeConfig("vllm-1", face.url(), null, NodeKind.VLLM));
             AgentClient client = new AgentClient(agent.baseUrl(), TOKEN);
             NodeControlClient control = new NodeControlClient(TOKEN)) {
            Request completion = Completions.request(agent.baseUrl(), "tiny-chat", "leak", 4);
            // Warm: the gateway learns the model from the face, the engine compiles its first passes.
            await().atMost(Duration.ofSeconds(60)).until(() -> Completions.status(http, completion) == 200);
            NodeView watched = client.cluster().nodes().getFirst();
            assertThat(watched.kind()).isEqualTo(NodeKind.VLLM);
            assertThat(watched.status().models().getFirst().kv().blocksOrphaned())
                    .as("vLLM does not report orphaned blocks: n/a, not 0").isNull();

            control.setFaults(node.baseUrl(), new FaultSettings(2, null, null, null, null, null));
            long until = System.nanoTime() + Duration.ofSeconds(75).toNanos();
            while (System.nanoTime() < until && leaks(client).isEmpty()) {
                try (Response r = http.newCall(completion).execute()) {
                    r.body().string();
                }
                Thread.sleep(250);
            }

            assertThat(leaks(client)).singleElement().satisfies(a -> {
                assertThat(a.node()).isEqualTo("vllm-1");
                assertThat(a.model()).isEqualTo("tiny-chat");
                assertThat(a.evidence()).contains("blocks in use").contains("while live sequences");
            });
        }
    }

    private static List<Alert> leaks(AgentClient client) throws java.io.IOException {
        return client.cluster().alerts().stream().filter(a -> a.kind().equals("kv-leak")).toList();
    }
}
