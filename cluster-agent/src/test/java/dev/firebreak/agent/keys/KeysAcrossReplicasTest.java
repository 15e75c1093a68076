package dev.firebreak.agent.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.testing.Fixtures;
import dev.firebreak.agent.testing.NodeAndAgent;
import dev.firebreak.agent.testing.ReplicaPair;
import dev.firebreak.node.Node;
import dev.firebreak.node.NodeOptions;
import dev.firebreak.node.http.Json;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.firebreak.agent.testing.Completions.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two agents sharing one real PostgreSQL in front of one real node: a client key created on one
 * replica works on the other, and once revoked on one it is refused on the other within a second.
 */
class KeysAcrossReplicasTest {

    private static final String TOKEN = "keys-replicas-operator-token";
    private static final String MODEL = "tiny-code";
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build();

    private static Node node;
    private static ReplicaPair replicas;
    private static Agent a;
    private static Agent b;

    @BeforeAll
    static void start() throws Exception {
        node = Node.start(NodeOptions.forTests("node-1", TOKEN, List.of(MODEL)));
        NodeAndAgent.warmUp(node, MODEL);
        replicas = ReplicaPair.start(state -> new AgentConfig("keys-replicas", new AgentConfig.Listen("127.0.0.1", 0), null,
                List.of(new NodeConfig("node-1", node.baseUrl(), TOKEN)), List.of(new AccessToken("ops", Role.OPERATOR, TOKEN)),
                null, null, state, null));
        a = replicas.a();
        b = replicas.b();
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(replicas, node);
    }

    @Test
    void aKeyRevokedOnOneReplicaIsRefusedOnTheOtherWithinASecond() throws IOException {
        JsonNode created = keys(a, "{\"action\":\"CREATE\",\"name\":\"shared\",\"reason\":\"test\",\"idempotencyKey\":\""
                + UUID.randomUUID() + "\"}");
        String secret = created.path("secret").asText();
        String id = created.path("key").path("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(b, secret) == 200);
        assertThat(status(a, secret)).isEqualTo(200);

        keys(a, "{\"action\":\"REVOKE\",\"id\":\"" + id + "\",\"reason\":\"leaked\",\"idempotencyKey\":\""
                + UUID.randomUUID() + "\"}");
        long revoked = System.nanoTime();
        assertThat(status(a, secret)).isEqualTo(401);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> status(b, secret) == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(1));
    }

    private static int status(Agent agent, String secret) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(agent.baseUrl() + "/v1/completions")
                .header("Authorization", "Bearer " + secret)
                .post(RequestBody.create("{\"model\":\"" + MODEL + "\",\"prompt\":\"hi\",\"max_tokens\":1}", JSON))
                .build()).execute()) {
            return r.code();
        }
    }

    private static JsonNode keys(Agent agent, String body) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(agent.baseUrl() + "/api/v1/keys")
                .header("Authorization", "Bearer " + TOKEN).post(RequestBody.create(body, JSON)).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            return Json.mapper().readTree(r.body().string());
        }
    }
}
