package dev.firebreak.agent.gateway;

import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.agent.client.NodeControlClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.lab.localcluster.LocalCluster;
import dev.firebreak.lab.localcluster.StartedLocalCluster;
import dev.firebreak.node.http.Json;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The agent's gateway in front of two real nodes (tiny-chat falls back to tiny-code), with real faults. */
class GatewayTest {

    private static final MediaType JSON = MediaType.get("application/json");

    @RegisterExtension
    static final StartedLocalCluster local = StartedLocalCluster.of("gw", 2, "tiny-chat", "tiny-code");

    private static NodeControlClient control;
    private static final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();

    @BeforeAll
    static void start() throws Exception {
        control = new NodeControlClient(local.cluster().controlToken());
    }

    @AfterAll
    static void stop() {
        control.close();
    }

    @AfterEach
    void healthy() throws IOException {
        for (LocalCluster.Node node : local.cluster().nodes()) {
            control.setFaults(node.url(), FaultSettings.NONE);
            control.admission(node.url(), "tiny-chat", true);
            control.admission(node.url(), "tiny-code", true);
        }
        awaitAdmission("node-1", "tiny-chat", true);
        awaitAdmission("node-2", "tiny-chat", true);
        awaitAdmission("node-1", "tiny-code", true);
        awaitAdmission("node-2", "tiny-code", true);
    }

    @Test
    void shouldServeThroughTheGatewayNamingTheNode() throws IOException {
        try (Response r = complete("{\"model\":\"tiny-chat\",\"prompt\":\"via gateway\",\"max_tokens\":4,\"seed\":1}")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header(GatewayApi.NODE_HEADER)).isIn("node-1", "node-2");
            assertThat(r.header(GatewayApi.MODEL_HEADER)).isEqualTo("tiny-chat");
            assertThat(r.header(GatewayApi.FALLBACK_HEADER)).isNull();
            assertThat(Json.mapper().readTree(r.body().string()).get("choices").get(0).has("text")).isTrue();
        }
    }

    @Test
    void shouldPassAStreamThroughToItsEnd() throws IOException {
        List<String> events = stream("{\"model\":\"tiny-code\",\"prompt\":\"stream\",\"max_tokens\":8,\"stream\":true}");
        assertThat(events.getLast()).isEqualTo("[DONE]");
    }

    @Test
    void shouldRouteAroundAFailingNodeAndOpenItsBreaker() throws IOException {
        control.setFaults(local.cluster().node("node-1").url(), new FaultSettings(null, null, 1.0, null, null, null));
        List<Integer> codes = new ArrayList<>();
        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            try (Response r = complete("{\"model\":\"tiny-chat\",\"prompt\":\"p" + i + "\",\"max_tokens\":2}")) {
                codes.add(r.code());
                servedBy.add(r.header(GatewayApi.NODE_HEADER));
            }
        }
        // Once open, node-1 only sees the breaker's rare trial calls; a retry budget spent on those may shed one.
        assertThat(codes.subList(20, 30)).as("after the breaker opened").isSubsetOf(200, 429)
                .filteredOn(c -> c == 200).hasSizeGreaterThanOrEqualTo(8);
        assertThat(servedBy.subList(20, 30)).isSubsetOf("node-2", null);
        assertThat(codes).as("no failure reached a client as a 5xx").doesNotContain(500, 502);
        BreakerView breaker = local.viewer().cluster().breakers().stream()
                .filter(b -> b.model().equals("tiny-chat") && b.nodeId().equals("node-1")).findFirst().orElseThrow();
        assertThat(breaker.state()).isIn(BreakerState.OPEN, BreakerState.HALF_OPEN);
    }

    @Test
    void shouldEndATruncatedStreamWithAnErrorEventNotASilentCut() throws IOException {
        control.setFaults(local.cluster().node("node-1").url(), new FaultSettings(null, null, null, 1.0, null, null));
        control.admission(local.cluster().node("node-2").url(), "tiny-chat", false);
        awaitAdmission("node-2", "tiny-chat", false);

        List<String> events = stream("{\"model\":\"tiny-chat\",\"prompt\":\"cut me\",\"max_tokens\":300,\"stream\":true}");

        assertThat(events).doesNotContain("[DONE]");
        assertThat(events.getLast()).contains("\"code\":\"upstream_truncated\"");
    }

    @Test
    void shouldFallBackToTheBackupModelAndSaySo() throws IOException {
        for (LocalCluster.Node node : local.cluster().nodes()) {
            control.admission(node.url(), "tiny-chat", false);
        }
        awaitAdmission("node-1", "tiny-chat", false);
        awaitAdmission("node-2", "tiny-chat", false);

        try (Response r = complete("{\"model\":\"tiny-chat\",\"prompt\":\"fallback\",\"max_tokens\":2}")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header(GatewayApi.FALLBACK_HEADER)).isEqualTo("tiny-chat->tiny-code");
            assertThat(Json.mapper().readTree(r.body().string()).get("model").asText()).isEqualTo("tiny-code");
        }
    }

    @Test
    void shouldShedAtOnceWith429WhenNoCapacityIsLeft() throws IOException {
        for (LocalCluster.Node node : local.cluster().nodes()) {
            control.admission(node.url(), "tiny-chat", false);
            control.admission(node.url(), "tiny-code", false);
        }
        awaitAdmission("node-2", "tiny-code", false);
        awaitAdmission("node-1", "tiny-code", false);

        long start = System.nanoTime();
        try (Response r = complete("{\"model\":\"tiny-chat\",\"prompt\":\"shed\",\"max_tokens\":2}")) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.code()).isEqualTo(429);
            assertThat(r.header("Retry-After")).isEqualTo("1");
            JsonNode error = Json.mapper().readTree(r.body().string()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("capacity_exhausted");
            assertThat(error.get("message").asText()).contains("tiny-chat").contains("tiny-code");
            assertThat(millis).as("shed at once, not after a timeout").isLessThan(1000);
        }
    }

    @Test
    void shouldRefuseBadInputInOpenAiShape() throws IOException {
        try (Response r = complete("{oops")) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(Json.mapper().readTree(r.body().string()).get("error").get("code").asText()).isEqualTo("invalid_json");
        }
        try (Response r = complete("{\"prompt\":\"no model\"}")) {
            assertThat(r.code()).isEqualTo(400);
        }
    }

    private static void awaitAdmission(String nodeId, String model, boolean open) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            NodeView view = local.viewer().cluster().nodes().stream().filter(n -> n.id().equals(nodeId)).findFirst().orElseThrow();
            assertThat(view.status().models().stream().filter(m -> m.model().equals(model)).findFirst().orElseThrow()
                    .admissionOpen()).isEqualTo(open);
        });
    }

    private static Response complete(String body) throws IOException {
        return http.newCall(new Request.Builder().url(local.cluster().agentUrl() + "/v1/completions")
                .header("Authorization", "Bearer " + local.cluster().clientKey()).post(RequestBody.create(body, JSON)).build()).execute();
    }

    private static List<String> stream(String body) throws IOException {
        try (Response r = complete(body)) {
            assertThat(r.code()).isEqualTo(200);
            return r.body().string().lines().filter(line -> line.startsWith("data: "))
                    .map(line -> line.substring("data: ".length())).toList();
        }
    }
}
