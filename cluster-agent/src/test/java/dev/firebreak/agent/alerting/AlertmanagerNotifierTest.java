package dev.firebreak.agent.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.AlertingConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.config.SloConfig;
import dev.firebreak.agent.testing.ClosedLoop;
import dev.firebreak.agent.testing.Completions;
import dev.firebreak.agent.testing.FaultyNode;
import dev.firebreak.agent.testing.Fixtures;
import dev.firebreak.agent.testing.GatewayConfigs;
import dev.firebreak.node.Node;
import dev.firebreak.node.api.FaultSettings;
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
import java.util.ArrayList;
import java.util.List;

import static dev.firebreak.agent.testing.Completions.HTTP;
import static dev.firebreak.agent.testing.Completions.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end against Debian's real Alertmanager: a KV leak injected on a real node, seen by a real
 * agent's detectors, opens one incident, which becomes exactly one alert with the agent's labels and
 * annotations at Alertmanager's {@code GET /api/v2/alerts}. Stopping the leak leaves its blocks lost,
 * so the alert stays; it resolves once the node is restarted with its cache whole.
 */
class AlertmanagerNotifierTest {

    private static final String TOKEN = "alertmanager-test-token";

    @TempDir
    static Path dir;
    private static RealAlertmanager alertmanager;
    private static Node node;
    private static Agent agent;

    @BeforeAll
    static void start() throws IOException {
        alertmanager = RealAlertmanager.start(dir);
        node = FaultyNode.start("node-1", TOKEN, "tiny-chat", 0);
        AgentConfig config = new AgentConfig("am-test", new AgentConfig.Listen("127.0.0.1", 0), null,
                List.of(new NodeConfig("node-1", node.baseUrl(), TOKEN)),
                List.of(new AccessToken("ops", Role.OPERATOR, TOKEN)),
                // Findings clear a few seconds after the node is healthy, not after the default minimum hold of a minute.
                GatewayConfigs.openWithShortHolds(),
                null, dir.resolve("agent.db").toString(), null,
                new AlertingConfig(List.of(alertmanager.url()), 2, 2, null),
                // Sheds not counted against the model's objective: the requests the open breaker sheds would
                // rightly burn its budget and page as a second incident; this test is about the leak's own.
                new SloConfig("28d", 99.5, "2s", 99.0, false, List.of()));
        agent = Agent.start(config, InstantSource.system());
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(agent, node, alertmanager);
    }

    @Test
    void shouldRaiseOneKvLeakAlertAndResolveItWhenTheLeakStops() throws Exception {
        // The gateway refuses while the breaker is open: the client keeps going.
        try (ClosedLoop<Integer> clients = ClosedLoop.requests(1, HTTP, Completions.request(agent.baseUrl(), "tiny-chat", "hello", 4))) {
            // A cold JVM on a busy machine can look stalled for a few seconds: the leak goes in once the node answers steadily.
            await().atMost(Duration.ofSeconds(60)).until(() -> clients.count(200) >= 20 && liveIncidentIds().isEmpty());
            faults(new FaultSettings(2, 0L, 0.0, 0.0, 0L, false));
            List<JsonNode> leaks = await().atMost(Duration.ofSeconds(60)).until(() -> alerts("FirebreakKvLeak"), l -> !l.isEmpty());
            assertThat(leaks).hasSize(1);
            JsonNode leak = leaks.getFirst();
            assertThat(leak.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(leak.path("labels").path("node").asText()).isEqualTo("node-1");
            assertThat(leak.path("labels").path("model").asText()).isEqualTo("tiny-chat");
            assertThat(leak.path("labels").path("cluster").asText()).isEqualTo("am-test");
            assertThat(leak.path("labels").path("incident").asText()).startsWith("inc-").endsWith("-node-1");
            assertThat(leak.path("annotations").path("summary").asText()).isEqualTo("KV leak on node-1");
            assertThat(leak.path("annotations").path("evidence").asText()).contains("orphaned blocks");
            assertThat(leak.path("generatorURL").asText()).isEqualTo(agent.baseUrl() + "/api/v1/incidents");
            assertThat(leak.path("status").path("state").asText()).isEqualTo("active");
            assertThat(liveIncidentIds()).containsExactly(leak.path("labels").path("incident").asText());
            assertThat(metrics()).contains("firebreak_incidents_open{severity=\"critical\"} 1.0")
                    .contains("firebreak_incidents_open{severity=\"warning\"} 0.0");

            // The leak stops, its blocks stay lost: no traffic while the breaker is open is no sign of health.
            faults(FaultSettings.NONE);
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20))
                    .until(() -> alerts("FirebreakKvLeak"), l -> l.size() == 1);

            restartNode();
            await().atMost(Duration.ofSeconds(60)).until(() -> alerts("FirebreakKvLeak"), List::isEmpty);
            assertThat(alerts("FirebreakNodeDown")).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(AlertmanagerNotifierTest::metrics,
                    m -> m.contains("firebreak_incidents_open{severity=\"critical\"} 0.0"));
        }
        assertThat(metrics()).containsPattern("firebreak_agent_alertmanager_posts_total\\{result=\"sent\"} [1-9]")
                .doesNotContain("result=\"refused\"").doesNotContain("result=\"failed\"")
                .contains("firebreak_agent_alertmanager_dropped_batches_total 0.0");
    }

    private static List<JsonNode> alerts(String alertname) throws IOException {
        return alertmanager.alerts().stream().filter(a -> a.path("labels").path("alertname").asText().equals(alertname)).toList();
    }

    private static void restartNode() throws IOException {
        node = FaultyNode.restart(node, "node-1", TOKEN, "tiny-chat");
    }

    private static List<String> liveIncidentIds() throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(agent.baseUrl() + "/api/v1/incidents")
                .header("Authorization", "Bearer " + TOKEN).build()).execute()) {
            List<String> ids = new ArrayList<>();
            JsonNode body = Json.mapper().readTree(r.body().string());
            for (JsonNode i : body.has("incidents") ? body.path("incidents") : body) {
                if (!i.path("state").asText().equals("RESOLVED")) {
                    ids.add(i.path("id").asText());
                }
            }
            return ids;
        }
    }

    private static void faults(FaultSettings faults) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(node.baseUrl() + "/control/faults")
                .header("Authorization", "Bearer " + TOKEN)
                .post(RequestBody.create(Json.mapper().writeValueAsBytes(faults), JSON)).build()).execute()) {
            assertThat(r.code()).as(r.body().string()).isEqualTo(200);
        }
    }

    private static String metrics() throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(agent.baseUrl() + "/metrics").build()).execute()) {
            return r.body().string();
        }
    }
}
