package dev.firebreak.agent.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.api.AuditEntry;
import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.gateway.GatewayApi;
import dev.firebreak.lab.localcluster.StartedLocalCluster;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.http.Json;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Operator actions against a real agent and real nodes: roles, audit, idempotency, durability, expiry. */
class ActionsTest {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final OkHttpClient http = new OkHttpClient();

    @RegisterExtension
    static final StartedLocalCluster local = StartedLocalCluster.of("act", 2, "tiny-chat", "tiny-code");

    @Test
    void shouldRefuseAViewerAndNoTokenAndAuditBoth() throws IOException {
        String body = action("TRIP", "\"model\":\"tiny-chat\",\"node\":\"node-1\"");
        try (Response r = post(body, local.cluster().viewerToken())) {
            assertThat(r.code()).isEqualTo(403);
        }
        try (Response r = post(body, null)) {
            assertThat(r.code()).isEqualTo(401);
        }
        List<AuditEntry> audit = audit();
        assertThat(audit.subList(0, 2)).extracting(AuditEntry::decision).containsOnly("DENIED");
        assertThat(audit.subList(0, 2)).extracting(AuditEntry::who).contains("local-viewer");
        assertThat(breaker("tiny-chat", "node-1")).isNotEqualTo(BreakerState.FORCED_OPEN);
    }

    @Test
    void shouldTripABreakerSoTheGatewayAvoidsTheNodeThenReset() throws IOException {
        JsonNode tripped = act(action("TRIP", "\"model\":\"tiny-chat\",\"node\":\"node-1\""));
        assertThat(tripped.get("decision").asText()).isEqualTo("APPLIED");
        assertThat(tripped.get("auditId").asLong()).isPositive();
        assertThat(breaker("tiny-chat", "node-1")).isEqualTo(BreakerState.FORCED_OPEN);
        for (int i = 0; i < 8; i++) {
            try (Response r = complete("tiny-chat")) {
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.header(GatewayApi.NODE_HEADER)).isEqualTo("node-2");
            }
        }

        act(action("RESET", "\"model\":\"tiny-chat\",\"node\":\"node-1\""));

        assertThat(breaker("tiny-chat", "node-1")).isEqualTo(BreakerState.CLOSED);
        assertThat(local.viewer().cluster().overrides()).noneMatch(o -> o.model().equals("tiny-chat") && "node-1".equals(o.node()));
    }

    @Test
    void shouldDrainAndResumeANodeThroughTheAgent() throws IOException {
        JsonNode drained = act(action("DRAIN", "\"node\":\"node-2\",\"drainDeadlineSeconds\":10"));
        assertThat(drained.get("decision").asText()).isEqualTo("APPLIED");
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(local.viewer().cluster().nodes().get(1).status().state())
                .isEqualTo(NodeState.DRAINED));

        act(action("RESUME", "\"node\":\"node-2\""));
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(local.viewer().cluster().nodes().get(1).status().state())
                .isEqualTo(NodeState.SERVING));
        assertThat(audit()).extracting(AuditEntry::action).contains("DRAIN", "RESUME");
    }

    @Test
    void shouldRerouteAModelOffANodeUntilCleared() throws IOException {
        long id = act(action("REROUTE", "\"model\":\"tiny-code\",\"node\":\"node-1\"")).get("auditId").asLong();
        for (int i = 0; i < 6; i++) {
            try (Response r = complete("tiny-code")) {
                assertThat(r.header(GatewayApi.NODE_HEADER)).isEqualTo("node-2");
            }
        }
        assertThat(local.viewer().cluster().overrides()).anyMatch(o -> o.id() == id);

        act(action("CLEAR", "\"overrideId\":" + id));

        assertThat(local.viewer().cluster().overrides()).noneMatch(o -> o.id() == id);
    }

    @Test
    void shouldSplitAModelsTrafficByWeights() throws IOException {
        long id = act(action("REROUTE", "\"model\":\"tiny-chat\",\"weights\":{\"node-1\":1.0,\"node-2\":0.0}"))
                .get("auditId").asLong();
        try {
            for (int i = 0; i < 6; i++) {
                try (Response r = complete("tiny-chat")) {
                    assertThat(r.header(GatewayApi.NODE_HEADER)).as(r.code() + " " + r.peekBody(2000).string())
                            .isEqualTo("node-1");
                }
            }
        } finally {
            act(action("CLEAR", "\"overrideId\":" + id));
        }
        try (Response r = post(action("REROUTE", "\"model\":\"tiny-chat\",\"weights\":{\"node-7\":1.0}"),
                local.cluster().operatorToken())) {
            assertThat(r.code()).isEqualTo(404);
            assertThat(r.body().string()).contains("no node 'node-7'").contains("node_not_found");
        }
    }

    @Test
    void shouldRefuseAndAuditAnActionOnAModelOrNodeTheClusterDoesNotHave() throws IOException {
        String tripped = action("TRIP", "\"model\":\"no-such-model\"");
        try (Response r = post(tripped, local.cluster().operatorToken())) {
            assertThat(r.code()).isEqualTo(404);
            JsonNode error = Json.mapper().readTree(r.body().string());
            assertThat(error.path("error").asText()).isEqualTo("model_not_found");
            assertThat(error.path("message").asText()).contains("no-such-model");
        }
        try (Response r = post(action("DRAIN", "\"node\":\"node-9\""), local.cluster().operatorToken())) {
            assertThat(r.code()).isEqualTo(404);
            assertThat(Json.mapper().readTree(r.body().string()).path("error").asText()).isEqualTo("node_not_found");
        }
        assertThat(audit()).filteredOn(e -> e.action().equals("TRIP") && e.target().contains("no-such-model"))
                .singleElement().satisfies(e -> {
                    assertThat(e.decision()).isEqualTo("REJECTED");
                    assertThat(e.outcome()).contains("no-such-model");
                });
        assertThat(local.viewer().cluster().breakers()).as("no breaker was made for a model that does not exist")
                .noneMatch(b -> b.model().equals("no-such-model"));
    }

    @Test
    void shouldDisableABreakerUntilReset() throws IOException {
        act(action("DISABLE", "\"model\":\"tiny-chat\",\"node\":\"node-2\""));
        assertThat(breaker("tiny-chat", "node-2")).isEqualTo(BreakerState.DISABLED);

        act(action("RESET", "\"model\":\"tiny-chat\",\"node\":\"node-2\""));
        assertThat(breaker("tiny-chat", "node-2")).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void shouldDoAnActionOnceForOneIdempotencyKey() throws IOException {
        String key = UUID.randomUUID().toString();
        String body = "{\"type\":\"SET_FALLBACK\",\"model\":\"tiny-code\",\"fallback\":\"tiny-chat\",\"reason\":\"test\","
                + "\"idempotencyKey\":\"" + key + "\"}";
        long first = act(body).get("auditId").asLong();
        long second = act(body).get("auditId").asLong();

        assertThat(second).isEqualTo(first);
        assertThat(audit()).filteredOn(e -> key.equals(e.idempotencyKey())).hasSize(1);
        act(action("CLEAR", "\"overrideId\":" + first));
    }

    @Test
    void shouldRefuseAnActionWithoutAReason() throws IOException {
        try (Response r = post("{\"type\":\"TRIP\",\"model\":\"tiny-chat\",\"idempotencyKey\":\"k-no-reason\"}",
                local.cluster().operatorToken())) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(r.body().string()).contains("reason is required");
        }
    }

    @Test
    void shouldEndAnOverrideAtItsExpiry() throws IOException {
        long expires = System.currentTimeMillis() + 1500;
        long id = act(action("TRIP", "\"model\":\"tiny-code\",\"node\":\"node-2\",\"expiresAtMillis\":" + expires))
                .get("auditId").asLong();
        assertThat(breaker("tiny-code", "node-2")).isEqualTo(BreakerState.FORCED_OPEN);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(local.viewer().cluster().overrides()).noneMatch(o -> o.id() == id);
            assertThat(breaker("tiny-code", "node-2")).isEqualTo(BreakerState.CLOSED);
        });
        assertThat(audit()).anyMatch(e -> e.action().equals("EXPIRE") && e.outcome().contains("override " + id));
    }

    @Test
    void shouldLoseNothingWhenTheAgentIsKilledRightAfterAnAction() throws Exception {
        long id = act(action("TRIP", "\"model\":\"tiny-code\",\"node\":\"node-1\"")).get("auditId").asLong();

        local.cluster().agent().kill();
        local.cluster().restartAgent();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ClusterSnapshot snapshot = local.viewer().cluster();
            assertThat(snapshot.nodes()).allMatch(n -> n.health() == dev.firebreak.agent.api.NodeHealth.UP);
            assertThat(snapshot.overrides()).anyMatch(o -> o.id() == id);
            assertThat(breaker("tiny-code", "node-1")).isEqualTo(BreakerState.FORCED_OPEN);
        });
        assertThat(audit()).anyMatch(e -> e.id() == id && e.action().equals("TRIP"));
        act(action("RESET", "\"model\":\"tiny-code\",\"node\":\"node-1\""));
    }

    private static String action(String type, String fields) {
        return "{\"type\":\"" + type + "\"," + fields + ",\"reason\":\"test " + type + "\",\"idempotencyKey\":\""
                + UUID.randomUUID() + "\"}";
    }

    private static JsonNode act(String body) throws IOException {
        try (Response r = post(body, local.cluster().operatorToken())) {
            String text = r.body().string();
            assertThat(r.code()).as(text).isEqualTo(200);
            return Json.mapper().readTree(text);
        }
    }

    private static Response post(String body, String token) throws IOException {
        Request.Builder request = new Request.Builder().url(local.cluster().agentUrl() + "/api/v1/actions")
                .post(RequestBody.create(body, JSON));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.newCall(request.build()).execute();
    }

    private static List<AuditEntry> audit() throws IOException {
        Request request = new Request.Builder().url(local.cluster().agentUrl() + "/api/v1/audit?limit=50")
                .header("Authorization", "Bearer " + local.cluster().viewerToken()).build();
        try (Response r = http.newCall(request).execute()) {
            return Arrays.asList(Json.mapper().readValue(r.body().string(), AuditEntry[].class));
        }
    }

    /** The breaker's state, or {@code null} before the gateway has used it. */
    private static BreakerState breaker(String model, String node) throws IOException {
        return local.viewer().cluster().breakers().stream().filter(b -> b.model().equals(model) && b.nodeId().equals(node))
                .map(BreakerView::state).findFirst().orElse(null);
    }

    private static Response complete(String model) throws IOException {
        return http.newCall(new Request.Builder().url(local.cluster().agentUrl() + "/v1/completions")
                .header("Authorization", "Bearer " + local.cluster().clientKey()).post(RequestBody.create(
                "{\"model\":\"" + model + "\",\"prompt\":\"x\",\"max_tokens\":2}", JSON)).build()).execute();
    }
}
