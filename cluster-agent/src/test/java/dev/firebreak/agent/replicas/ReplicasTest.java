package dev.firebreak.agent.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.ActionRequest;
import dev.firebreak.agent.api.ActionResult;
import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.client.Replicas;
import dev.firebreak.agent.client.StreamConnection;
import dev.firebreak.agent.client.StreamListener;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.ModelPolicy;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.testing.Fixtures;
import dev.firebreak.agent.testing.ReplicaPair;
import dev.firebreak.node.http.Json;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.firebreak.agent.testing.Completions.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two agents sharing one real PostgreSQL: an operator decision taken on either is in force on both
 * within a second, a retried action on the other replica is not run twice, and while the database
 * is down actions are refused with 503 {@code state_unavailable} and routing stays ready.
 */
class ReplicasTest {

    private static final String TOKEN = "replica-operator-token";
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();

    private static ReplicaPair replicas;
    private static Agent a;
    private static Agent b;

    @BeforeAll
    static void start() throws Exception {
        replicas = ReplicaPair.start(ReplicasTest::config);
        a = replicas.a();
        b = replicas.b();
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(replicas);
    }

    private static AgentConfig config(String state) throws IOException {
        int unused;
        try (ServerSocket s = new ServerSocket(0)) {
            unused = s.getLocalPort();
        }
        return new AgentConfig("replicas", new AgentConfig.Listen("127.0.0.1", 0), null,
                List.of(new NodeConfig("node-1", "http://127.0.0.1:" + unused, TOKEN)),
                List.of(new AccessToken("ops", Role.OPERATOR, TOKEN)), null,
                // the node never answers: the models acted on are known from the configuration
                Stream.of("m-propagate", "m-retry", "m-outage", "m-outage-2", "m-failover").map(m -> new ModelPolicy(m, null, null)).toList(),
                state, null);
    }

    @Test
    void anActionOnOneReplicaIsInForceOnTheOtherWithinASecond() throws IOException {
        JsonNode result = act(a, trip("m-propagate", UUID.randomUUID().toString()));
        assertThat(result.path("decision").asText()).isEqualTo("APPLIED");
        long id = result.path("auditId").asLong();

        await().atMost(Duration.ofSeconds(1)).until(() -> overrideIds(b).contains(id));
        assertThat(breakerState(b, "m-propagate")).isEqualTo("FORCED_OPEN");
    }

    @Test
    void aRetryOnTheOtherReplicaReturnsTheFirstResultAndActsOnce() throws IOException {
        String key = UUID.randomUUID().toString();
        JsonNode first = act(a, trip("m-retry", key));
        JsonNode again = act(b, trip("m-retry", key));

        assertThat(again.path("outcome").asText()).contains("already done: same idempotency key");
        assertThat(again.toString()).contains(String.valueOf(first.path("auditId").asLong()));
        JsonNode audit = get(b, "/api/v1/audit?limit=1000");
        long lines = 0;
        for (JsonNode e : audit) {
            lines += key.equals(e.path("idempotencyKey").asText()) ? 1 : 0;
        }
        assertThat(lines).isEqualTo(1);
    }

    @Test
    void whileTheDatabaseIsDownActionsAreRefusedAndTheGatewayStaysReady() throws IOException {
        JsonNode before = act(a, trip("m-outage", UUID.randomUUID().toString()));
        long id = before.path("auditId").asLong();
        await().atMost(Duration.ofSeconds(1)).until(() -> overrideIds(b).contains(id));
        replicas.postgres().stop();
        String key = UUID.randomUUID().toString();
        try {
            try (Response r = post(b, trip("m-outage-2", key))) {
                assertThat(r.code()).isEqualTo(503);
                JsonNode error = Json.mapper().readTree(r.body().string());
                assertThat(error.path("error").asText()).isEqualTo("state_unavailable");
                assertThat(error.path("message").asText()).startsWith("actions unavailable: state store down");
            }
            try (Response r = HTTP.newCall(new Request.Builder().url(b.baseUrl() + "/ready").build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> !get(b, "/health").path("state").path("up").asBoolean());
            // What the console shows before anyone tries: the snapshot says why actions are unavailable.
            assertThat(get(b, "/api/v1/cluster").path("actionsUnavailable").asText())
                    .startsWith("actions unavailable: state store down");
            assertThat(overrideIds(b)).contains(id);
            assertThat(breakerState(b, "m-outage")).isEqualTo("FORCED_OPEN");
        } finally {
            replicas.postgres().resume();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> get(a, "/health").path("state").path("up").asBoolean()
                && get(b, "/health").path("state").path("up").asBoolean());
        JsonNode why = get(b, "/api/v1/cluster").path("actionsUnavailable");
        assertThat(why.isNull() || why.isMissingNode()).as("actions again, not: " + why).isTrue();
        // The refused action never ran: its key is free, and taking it now applies it once.
        JsonNode after = act(b, trip("m-outage-2", key));
        assertThat(after.path("outcome").asText()).doesNotContain("already done");
        long afterId = after.path("auditId").asLong();
        await().atMost(Duration.ofSeconds(5)).until(() -> overrideIds(a).contains(afterId) && overrideIds(a).contains(id));
    }

    @Test
    void aClientThatLosesItsReplicaMovesToTheNextWithinTwoSecondsAndSendsItsActionOnce() throws Exception {
        String state = replicas.postgres().newDatabase();
        Agent first = Agent.start(config(state), InstantSource.system(), ReplicaPair.ENV);
        List<String> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Agent second = Agent.start(config(state), InstantSource.system(), ReplicaPair.ENV);
             AgentClient client = new AgentClient(new Replicas(List.of(first.baseUrl(), second.baseUrl())), TOKEN)) {
            StreamConnection stream = client.openStream(new StreamListener() {
                @Override
                public void onConnected() {
                    opened.add(client.baseUrl());
                }

                @Override
                public void onSnapshot(dev.firebreak.agent.api.ClusterSnapshot snapshot) {
                }

                @Override
                public void onEvent(dev.firebreak.agent.api.ClusterEvent event) {
                }

                @Override
                public void onDisconnected(String reason) {
                }
            });
            try (stream) {
                await().atMost(Duration.ofSeconds(5)).until(() -> opened.equals(List.of(first.baseUrl())));
                ActionRequest request = trip("m-failover", UUID.randomUUID().toString());
                ActionResult before = client.act(request);

                long lost = System.nanoTime();
                first.close();
                await().atMost(Duration.ofSeconds(2)).until(() -> opened.size() == 2);
                assertThat(opened.get(1)).isEqualTo(second.baseUrl());
                assertThat(stream.replica()).isEqualTo(second.baseUrl());
                assertThat(Duration.ofNanos(System.nanoTime() - lost)).isLessThan(Duration.ofSeconds(2));

                // The console sends the same request again after a failover: the other replica answers it, not a second action.
                ActionResult again = client.act(request);
                assertThat(client.baseUrl()).isEqualTo(second.baseUrl());
                assertThat(again.auditId()).isEqualTo(before.auditId());
                assertThat(again.outcome()).contains("already done");
            }
        } finally {
            first.close();
        }
    }

    private static ActionRequest trip(String model, String key) {
        return new ActionRequest(ActionType.TRIP, model, null, null, null, null, null, "replica test", key, null);
    }

    private static JsonNode act(Agent agent, ActionRequest request) throws IOException {
        try (Response r = post(agent, request)) {
            String body = r.body().string();
            assertThat(r.code()).as(body).isEqualTo(200);
            return Json.mapper().readTree(body);
        }
    }

    private static Response post(Agent agent, ActionRequest request) throws IOException {
        return HTTP.newCall(new Request.Builder().url(agent.baseUrl() + "/api/v1/actions")
                .header("Authorization", "Bearer " + TOKEN)
                .post(RequestBody.create(Json.mapper().writeValueAsString(request), JSON)).build()).execute();
    }

    private static JsonNode get(Agent agent, String path) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(agent.baseUrl() + path)
                .header("Authorization", "Bearer " + TOKEN).build()).execute()) {
            return Json.mapper().readTree(r.body().string());
        }
    }

    private static List<Long> overrideIds(Agent agent) throws IOException {
        return java.util.stream.StreamSupport.stream(get(agent, "/api/v1/cluster").path("overrides").spliterator(), false)
                .map(o -> o.path("id").asLong()).toList();
    }

    private static String breakerState(Agent agent, String model) throws IOException {
        for (JsonNode breaker : get(agent, "/api/v1/cluster").path("breakers")) {
            if (model.equals(breaker.path("model").asText())) {
                return breaker.path("state").asText();
            }
        }
        return "none";
    }
}
