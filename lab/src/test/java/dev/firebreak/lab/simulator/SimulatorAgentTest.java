package dev.firebreak.lab.simulator;

import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.config.ConfigLoader;
import dev.firebreak.agent.testing.Fixtures;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real agent watching simulated nodes of every kind it understands sees each one's figures as
 * the simulator computes them, routes to them, finds the leaking one's leak and sees a node die.
 */
class SimulatorAgentTest {

    private static final MediaType JSON = MediaType.get("application/json");
    /**
     * Little's law on the simulated traffic: 10 requests/s, each 20 ms to its first token and 72
     * tokens on average at 200 tokens/s, keep 3.8 sequences running, shown as 4; each holds
     * (64 prompt + 64 answer tokens) / 16 = 8 blocks of the 4096.
     */
    private static final int RUNNING = 4;
    private static final long BLOCKS_USED = RUNNING * 8L;

    @TempDir
    static Path dir;
    private static Simulator simulator;
    private static Agent agent;
    private static AgentClient client;

    @BeforeAll
    static void start() throws Exception {
        SimulatorOptions options = new SimulatorOptions(6, null, 0, List.of(NodeKind.FIREBREAK, NodeKind.VLLM,
                NodeKind.LLAMACPP, NodeKind.SGLANG, NodeKind.OPENAI), List.of("chat-a", "chat-b"), 7,
                new LatencyDistribution(20, 20), 200, 0, 10, Map.of("firebreak-0006", Behaviour.LEAKING));
        simulator = Simulator.start(options);
        Path config = dir.resolve("agent.yaml");
        // Open mode: the test sends the gateway requests without a client key.
        AgentYaml.write(config, "sim-test", simulator.nodes(), 250, dir.resolve("agent.db"), java.util.Map.of("open", true));
        agent = Agent.start(ConfigLoader.load(config, Map.of()), InstantSource.system());
        client = new AgentClient(agent.baseUrl(), AgentYaml.TOKEN);
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(client, agent, simulator);
    }

    @Test
    void shouldShowEveryKindsFiguresAsTheSimulatorComputesThem() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, NodeView> nodes = byId(client.cluster().nodes());
            assertThat(nodes.values()).hasSize(6).allSatisfy(n -> assertThat(n.health()).isEqualTo(NodeHealth.UP));

            ModelReport firebreak = model(nodes.get("firebreak-0001"), "chat-a");
            assertThat(firebreak.sequencesRunning()).isEqualTo(RUNNING);
            assertThat(firebreak.kv().blocksUsed()).isEqualTo(BLOCKS_USED);
            assertThat(firebreak.kv().blocksOrphaned()).isZero();
            assertThat(firebreak.requestsByOutcome().get("stop")).isPositive();
            assertThat(firebreak.timeToFirstToken().p50Seconds()).isBetween(0.01, 0.02);

            ModelReport vllm = model(nodes.get("vllm-0002"), "chat-b");
            assertThat(vllm.sequencesRunning()).isEqualTo(RUNNING);
            assertThat(vllm.kv().blocksTotal()).as("from vllm:cache_config_info").isEqualTo(4096L);
            assertThat(vllm.kv().blocksUsed()).isEqualTo(BLOCKS_USED);
            assertThat(vllm.tokensPerSecond()).as("a rate between two scrapes").isNotNull().isPositive();
            assertThat(vllm.timeToFirstToken()).as("percentiles between two scrapes").isNotNull();

            NodeView llamacpp = nodes.get("llamacpp-0003");
            assertThat(llamacpp.status().models()).extracting(ModelReport::model).containsExactly("chat-a");
            assertThat(model(llamacpp, "chat-a").sequencesRunning()).isEqualTo(RUNNING);
            assertThat(model(llamacpp, "chat-a").kv().usage()).isEqualTo(BLOCKS_USED / 4096.0);

            ModelReport sglang = model(nodes.get("sglang-0004"), "chat-b");
            assertThat(sglang.kv().usage()).isEqualTo(BLOCKS_USED / 4096.0);
            assertThat(sglang.generationTokens()).isPositive();

            NodeView openai = nodes.get("openai-0005");
            assertThat(openai.status().models()).extracting(ModelReport::model).containsExactly("chat-a", "chat-b");
            assertThat(model(openai, "chat-a").sequencesRunning()).as("an OpenAI face tells no engine figure").isNull();
        });
    }

    @Test
    void shouldAnswerThroughTheGatewayWholeAndStreamed() throws Exception {
        OkHttpClient http = new OkHttpClient();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.cluster().nodes().stream()
                .allMatch(n -> n.health() == NodeHealth.UP));
        String body = "{\"model\":\"chat-b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":8";
        try (Response whole = http.newCall(post(body + "}")).execute()) {
            assertThat(whole.code()).isEqualTo(200);
            assertThat(whole.body().string()).contains("\"chat.completion\"").contains("\"content\":\"tok");
        }
        try (Response streamed = http.newCall(post(body + ",\"stream\":true}")).execute()) {
            assertThat(streamed.code()).isEqualTo(200);
            assertThat(streamed.body().string()).contains("chat.completion.chunk").endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void shouldFindTheLeakingNodesLeak() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.cluster().alerts())
                .extracting(Alert::kind, Alert::node)
                .contains(org.assertj.core.groups.Tuple.tuple("kv-leak", "firebreak-0006"))
                .noneMatch(t -> t.toList().get(1).equals("firebreak-0001")));
    }

    @Test
    void shouldSeeANodeWhosePortClosesGoDownAndComeBack() throws Exception {
        SimulatedNode node = simulator.node("sglang-0004");
        await().atMost(Duration.ofSeconds(10)).until(() -> health("sglang-0004") == NodeHealth.UP);
        node.down();
        try {
            await().atMost(Duration.ofSeconds(3)).until(() -> health("sglang-0004") == NodeHealth.DOWN);
        } finally {
            node.bringUp();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> health("sglang-0004") == NodeHealth.UP);
    }

    private Request post(String body) {
        return new Request.Builder().url(agent.baseUrl() + "/v1/chat/completions").post(RequestBody.create(body, JSON)).build();
    }

    private static NodeHealth health(String id) throws Exception {
        return byId(client.cluster().nodes()).get(id).health();
    }

    private static Map<String, NodeView> byId(List<NodeView> nodes) {
        return nodes.stream().collect(java.util.stream.Collectors.toMap(NodeView::id, n -> n));
    }

    private static ModelReport model(NodeView node, String model) {
        assertThat(node.status()).as(node.id() + " answered").isNotNull();
        return node.status().models().stream().filter(m -> m.model().equals(model)).findFirst()
                .orElseThrow(() -> new AssertionError(node.id() + " shows no " + model + ": " + node.status().models()));
    }
}
