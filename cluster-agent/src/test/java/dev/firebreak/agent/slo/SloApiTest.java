package dev.firebreak.agent.slo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.config.SloConfig;
import dev.firebreak.agent.testing.Fixtures;
import dev.firebreak.agent.testing.GatewayConfigs;
import dev.firebreak.node.Node;
import dev.firebreak.node.NodeOptions;
import dev.firebreak.node.http.Json;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

import static dev.firebreak.agent.testing.Completions.HTTP;
import static dev.firebreak.agent.testing.Completions.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/v1/slo} of a real agent in front of a real node: the gateway's own answers counted
 * per model and node, a client's bad request not counted, a served model with no traffic "no data",
 * the figures the same after the agent restarts on its state file, and the events on {@code /metrics}.
 */
class SloApiTest {

    private static final String TOKEN = "slo-test-token-0123456789";

    @TempDir
    static Path dir;
    private static Node node;
    private static AgentConfig config;
    private static Agent agent;

    @BeforeAll
    static void start() throws IOException {
        node = Node.start(NodeOptions.forTests("node-1", TOKEN, List.of("tiny-chat", "tiny-code")));
        config = new AgentConfig("slo-test", new AgentConfig.Listen("127.0.0.1", 0), null,
                List.of(new NodeConfig("node-1", node.baseUrl(), TOKEN)), List.of(new AccessToken("ops", Role.OPERATOR, TOKEN)),
                // A cold node's first answer can look like a stall: its breaker opens for seconds, not the default minute and a half.
                GatewayConfigs.openWithShortHolds(),
                null, dir.resolve("agent.db").toString(), null, null,
                new SloConfig("7d", 99.9, "30s", 99.0, null, List.of(new SloConfig.ModelSlo("tiny-chat", 99.0, null, null))));
        agent = Agent.start(config, InstantSource.system());
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(agent, node);
    }

    @Test
    void shouldReportTheGatewaysOwnTrafficPerModelAndNodeAndNoDataForAModelWithoutIt() throws Exception {
        // On a busy machine a cold node can be shed for a while (429): the client sees each answer, and so must the SLO.
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/v1/models"), m -> m.contains("tiny-chat") && m.contains("tiny-code"));
        java.util.concurrent.atomic.AtomicInteger answers = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger sheds = new java.util.concurrent.atomic.AtomicInteger();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String stream = answers.get() % 2 == 0 ? "" : ",\"stream\":true";
            int code = complete("{\"model\":\"tiny-chat\",\"prompt\":\"hello\",\"max_tokens\":3" + stream + "}");
            assertThat(code).isIn(200, 429);
            (code == 200 ? answers : sheds).incrementAndGet();
            return answers.get() >= 10;
        });
        int answered = answers.get();
        int shed = sheds.get();
        assertThat(complete("{\"model\":\"tiny-chat\",\"prompt\":\"hello\",\"max_tokens\":-1}")).as("the client's fault").isEqualTo(400);

        int counted = answered + shed;
        JsonNode chat = await().atMost(Duration.ofSeconds(20)).until(() -> model(slo(), "tiny-chat"),
                m -> m.path("availability").path("total").asLong() >= counted);
        JsonNode availability = chat.path("availability");
        assertThat(availability.path("total").asLong()).as("every answer and every shed request, not the 400").isEqualTo(counted);
        assertThat(availability.path("good").asLong()).isEqualTo(answered);
        assertThat(availability.path("compliance").asDouble()).isEqualTo((double) answered / counted);
        assertThat(availability.path("objective").asDouble()).isEqualTo(0.99);
        assertThat(availability.path("budgetRemaining").asDouble()).isCloseTo(1 - ((double) shed / counted) / 0.01, within(1e-9));
        assertThat(chat.path("latency").path("total").asLong()).isEqualTo(answered);
        assertThat(chat.path("latency").path("thresholdMillis").asLong()).isEqualTo(30_000);
        assertThat(chat.path("nodes").get(0).path("node").asText()).isEqualTo("node-1");
        assertThat(chat.path("nodes").get(0).path("availability").path("total").asLong()).isEqualTo(answered);

        JsonNode code = model(slo(), "tiny-code");
        assertThat(code.path("availability").path("noData").asText()).isEqualTo("no traffic in the window");
        assertThat(code.path("availability").path("compliance").isNull()).isTrue();
        assertThat(code.path("availability").path("objective").asDouble()).isEqualTo(0.999);
        assertThat(slo().path("windowMillis").asLong()).isEqualTo(7L * 86_400_000);

        assertThat(get("/metrics")).contains("firebreak_slo_events_total{model_name=\"tiny-chat\",result=\"good\",sli=\"availability\"} " + answered + ".0")
                .contains("firebreak_slo_objective_ratio{model_name=\"tiny-chat\",sli=\"availability\"} 0.99");

        agent.close();
        agent = Agent.start(config, InstantSource.system());
        assertThat(model(slo(), "tiny-chat").path("availability").path("good").asLong()).as("kept in the state store").isEqualTo(answered);
    }

    private static JsonNode slo() throws IOException {
        return Json.mapper().readTree(get("/api/v1/slo"));
    }

    private static JsonNode model(JsonNode report, String name) {
        for (JsonNode m : report.path("models")) {
            if (m.path("model").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no " + name + " in " + report);
    }

    private static String get(String path) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(agent.baseUrl() + path)
                .header("Authorization", "Bearer " + TOKEN).build()).execute()) {
            return r.body().string();
        }
    }

    private static int complete(String body) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(agent.baseUrl() + "/v1/completions")
                .post(RequestBody.create(body, JSON)).build()).execute()) {
            r.body().string();
            return r.code();
        }
    }
}
