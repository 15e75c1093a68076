package dev.firebreak.agent.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.client.NodeControlClient;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.BreakerConfig;
import dev.firebreak.agent.config.GatewayConfig;
import dev.firebreak.agent.config.AlertingConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.testing.ClosedLoop;
import dev.firebreak.agent.testing.Completions;
import dev.firebreak.agent.testing.Fixtures;
import dev.firebreak.node.Node;
import dev.firebreak.node.NodeOptions;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.engine.batch.SchedulerLimits;
import dev.firebreak.node.engine.kv.KvBlockPool;
import dev.firebreak.node.engine.tensor.WeightType;
import dev.firebreak.node.http.HttpSettings;
import dev.firebreak.node.http.Json;
import okhttp3.OkHttpClient;
import okhttp3.Request;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end against Debian's real Alertmanager: a KV leak injected on a real node, seen by a real
 * agent's detectors, becomes exactly one alert with the agent's labels and annotations at
 * Alertmanager's {@code GET /api/v2/alerts}, and is resolved there once the leak stops.
 */
class AlertmanagerNotifierTest {

    private static final String TOKEN = "alertmanager-test-token";
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();

    @TempDir
    static Path dir;
    private static RealAlertmanager alertmanager;
    private static Node node;
    private static Agent agent;

    @BeforeAll
    static void start() throws IOException {
        alertmanager = RealAlertmanager.start(dir);
        node = Node.start(new NodeOptions(HttpSettings.of("127.0.0.1", 0), "node-1", TOKEN, List.of("tiny-chat"), List.of(),
                WeightType.Q8_0, 32L << 20, 16, KvBlockPool.Isolation.SHARED, SchedulerLimits.defaults(), true, 0, Duration.ZERO));
        AgentConfig config = new AgentConfig("am-test", new AgentConfig.Listen("127.0.0.1", 0), null,
                List.of(new NodeConfig("node-1", node.baseUrl(), TOKEN)),
                List.of(new AccessToken("ops", Role.OPERATOR, TOKEN)),
                // Findings clear a few seconds after the leak stops, not after the default minimum hold of a minute.
                new GatewayConfig(null, null, null, null, null, null, new BreakerConfig(null, null, null, null, null, null,
                        null, null, null, 2_000L, 2_000L, null)).withOpen(true),
                null, dir.resolve("agent.db").toString(), null,
                new AlertingConfig(List.of(alertmanager.url()), 2, 2, null));
        agent = Agent.start(config, InstantSource.system());
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(agent, node, alertmanager);
    }

    @Test
    void shouldRaiseOneKvLeakAlertAndResolveItWhenTheLeakStops() throws Exception {
        // One client: the gateway refuses while the breaker is open, and it keeps going.
        Request completion = Completions.request(agent.baseUrl(), "tiny-chat", "hello", 4);
        try (ClosedLoop<Integer> traffic = ClosedLoop.requests(1, HTTP, completion);
             NodeControlClient control = new NodeControlClient(TOKEN)) {
            control.setFaults(node.baseUrl(), new FaultSettings(2, 0L, 0.0, 0.0, 0L, false));
            List<JsonNode> leaks = await().atMost(Duration.ofSeconds(60)).until(() -> alerts("FirebreakKvLeak"), l -> !l.isEmpty());
            assertThat(leaks).hasSize(1);
            JsonNode leak = leaks.getFirst();
            assertThat(leak.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(leak.path("labels").path("node").asText()).isEqualTo("node-1");
            assertThat(leak.path("labels").path("model").asText()).isEqualTo("tiny-chat");
            assertThat(leak.path("labels").path("cluster").asText()).isEqualTo("am-test");
            assertThat(leak.path("annotations").path("summary").asText()).contains("kv-leak", "node-1", "tiny-chat");
            assertThat(leak.path("annotations").path("evidence").asText()).contains("orphaned blocks");
            assertThat(leak.path("generatorURL").asText()).isEqualTo(agent.baseUrl() + "/api/v1/cluster");
            assertThat(leak.path("status").path("state").asText()).isEqualTo("active");

            control.setFaults(node.baseUrl(), FaultSettings.NONE);
            await().atMost(Duration.ofSeconds(60)).until(() -> alerts("FirebreakKvLeak"), List::isEmpty);
        }
        assertThat(metrics()).containsPattern("firebreak_agent_alertmanager_posts_total\\{result=\"sent\"} [1-9]")
                .doesNotContain("result=\"refused\"").doesNotContain("result=\"failed\"")
                .contains("firebreak_agent_alertmanager_dropped_batches_total 0.0");
    }

    private static List<JsonNode> alerts(String alertname) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(alertmanager.url() + "/api/v2/alerts").build()).execute()) {
            List<JsonNode> found = new ArrayList<>();
            for (JsonNode a : Json.mapper().readTree(r.body().string())) {
                if (a.path("labels").path("alertname").asText().equals(alertname)) {
                    found.add(a);
                }
            }
            return found;
        }
    }

    private static String metrics() throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(agent.baseUrl() + "/metrics").build()).execute()) {
            return r.body().string();
        }
    }
}
