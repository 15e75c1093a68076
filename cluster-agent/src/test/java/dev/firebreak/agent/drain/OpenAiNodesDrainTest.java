package dev.firebreak.agent.drain;

import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.ActionRequest;
import dev.firebreak.agent.api.ActionResult;
import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.testing.ClosedLoop;
import dev.firebreak.agent.testing.Completions;
import dev.firebreak.agent.testing.NodeAndAgent;
import dev.firebreak.node.Node;
import dev.firebreak.node.NodeOptions;
import dev.firebreak.node.api.NodeState;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real nodes watched as plain OpenAI-compatible servers (kind {@code openai}: the agent reads
 * only their {@code /v1/models} and its own traffic): one is drained at the gateway under real
 * traffic and no request is lost; the other takes it all, and the drained one ends DRAINED.
 */
class OpenAiNodesDrainTest {

    private static final String TOKEN = "openai-drain-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void anOpenAiNodeDrainedAtTheGatewayUnderTrafficLosesNoRequest() throws Exception {
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
        try (Node one = Node.start(NodeOptions.forTests("engine-1", TOKEN, List.of("tiny-chat")));
             Node two = Node.start(NodeOptions.forTests("engine-2", TOKEN, List.of("tiny-chat")));
             Agent agent = NodeAndAgent.agent(dir, "openai-drain", TOKEN,
                     new NodeConfig("api-1", one.baseUrl(), null, NodeKind.OPENAI),
                     new NodeConfig("api-2", two.baseUrl(), null, NodeKind.OPENAI));
             AgentClient client = new AgentClient(agent.baseUrl(), TOKEN)) {
            Request completion = Completions.request(agent.baseUrl(), "tiny-chat", "hi", 8);
            // Warm both engines directly, so a cold first pass is not mistaken for trouble.
            for (Node node : List.of(one, two)) {
                assertThat(Completions.status(http, Completions.request(node.baseUrl(), "tiny-chat", "hi", 8))).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> client.cluster().nodes().stream()
                    .allMatch(n -> n.status() != null && !n.status().models().isEmpty()));

            ClosedLoop<Integer> traffic = ClosedLoop.requests(3, http, completion);
            Queue<Integer> statuses = traffic.answers();
            try (traffic) {
                await().atMost(Duration.ofSeconds(10)).until(() -> statuses.size() >= 10);
                ActionResult drained = client.act(new ActionRequest(ActionType.DRAIN, null, "api-1", null, null, null,
                        30L, "move traffic off api-1", "drain-api-1-under-load", null));
                assertThat(drained.outcome()).contains("drained at the gateway");
                await().atMost(Duration.ofSeconds(10)).until(() -> node(client, "api-1").status().state() == NodeState.DRAINED);
                int atDrained = statuses.size();
                await().atMost(Duration.ofSeconds(10)).until(() -> statuses.size() >= atDrained + 10);
            }
            assertThat(statuses).as("every request through the drain").isNotEmpty().allMatch(s -> s == 200);
            assertThat(node(client, "api-1").status().drain().sequencesLeft()).isZero();
        }
    }

    private static NodeView node(AgentClient client, String id) throws IOException {
        return client.cluster().nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }
}
