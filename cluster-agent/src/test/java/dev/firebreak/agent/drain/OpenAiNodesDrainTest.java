package dev.firebreak.agent.drain;

import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.ActionRequest;
import dev.firebreak.agent.api.ActionResult;
import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.node.Node;
import dev.firebreak.node.NodeOptions;
import dev.firebreak.node.api.NodeState;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real nodes watched as plain OpenAI-compatible servers (kind {@code openai}: the agent reads
 * only their {@code /v1/models} and its own traffic): one is drained at the gateway under real
 * traffic and no request is lost; the other takes it all, and the drained one ends DRAINED.
 */
class OpenAiNodesDrainTest {

    private static final String TOKEN = "openai-drain-token-0123456789";
    private static final MediaType JSON = MediaType.get("application/json");

    @TempDir
    Path dir;

    @Test
    void anOpenAiNodeDrainedAtTheGatewayUnderTrafficLosesNoRequest() throws Exception {
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
        try (Node one = Node.start(NodeOptions.forTests("engine-1", TOKEN, List.of("tiny-chat")));
             Node two = Node.start(NodeOptions.forTests("engine-2", TOKEN, List.of("tiny-chat")))) {
            AgentConfig config = new AgentConfig("openai-drain", new AgentConfig.Listen("127.0.0.1", 0), null,
                    List.of(new NodeConfig("api-1", one.baseUrl(), null, NodeKind.OPENAI),
                            new NodeConfig("api-2", two.baseUrl(), null, NodeKind.OPENAI)),
                    List.of(new AccessToken("ops", Role.OPERATOR, TOKEN)), null, null, dir.resolve("agent.db").toString(), null);
            try (Agent agent = Agent.start(config, InstantSource.system());
                 AgentClient client = new AgentClient(agent.baseUrl(), TOKEN)) {
                Request completion = new Request.Builder().url(agent.baseUrl() + "/v1/completions")
                        .post(RequestBody.create("{\"model\":\"tiny-chat\",\"prompt\":\"hi\",\"max_tokens\":8}", JSON)).build();
                // Warm both engines directly, so a cold first pass is not mistaken for trouble.
                for (Node node : List.of(one, two)) {
                    try (Response r = http.newCall(completion.newBuilder().url(node.baseUrl() + "/v1/completions").build())
                            .execute()) {
                        assertThat(r.code()).isEqualTo(200);
                    }
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> client.cluster().nodes().stream()
                        .allMatch(n -> n.status() != null && !n.status().models().isEmpty()));

                Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
                AtomicBoolean running = new AtomicBoolean(true);
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    clients.add(Thread.ofVirtual().start(() -> {
                        while (running.get()) {
                            try (Response r = http.newCall(completion).execute()) {
                                r.body().string();
                                statuses.add(r.code());
                            } catch (IOException e) {
                                statuses.add(-1);
                            }
                        }
                    }));
                }
                try {
                    await().atMost(Duration.ofSeconds(10)).until(() -> statuses.size() >= 10);
                    ActionResult drained = client.act(new ActionRequest(ActionType.DRAIN, null, "api-1", null, null, null,
                            30L, "move traffic off api-1", "drain-api-1-under-load", null));
                    assertThat(drained.outcome()).contains("drained at the gateway");
                    await().atMost(Duration.ofSeconds(10)).until(() -> node(client, "api-1").status().state() == NodeState.DRAINED);
                    int atDrained = statuses.size();
                    await().atMost(Duration.ofSeconds(10)).until(() -> statuses.size() >= atDrained + 10);
                } finally {
                    running.set(false);
                    for (Thread t : clients) {
                        t.join(Duration.ofSeconds(30));
                    }
                }
                assertThat(statuses).as("every request through the drain").isNotEmpty().allMatch(s -> s == 200);
                assertThat(node(client, "api-1").status().drain().sequencesLeft()).isZero();
            }
        }
    }

    private static NodeView node(AgentClient client, String id) throws IOException {
        return client.cluster().nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }
}
