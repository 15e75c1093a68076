package dev.firebreak.agent.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentState;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.client.StreamConnection;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.testing.IncidentsOnStream;
import dev.firebreak.node.http.Json;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
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
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Incidents on a real agent over real HTTP: a node nothing listens on goes down at once, which opens
 * an incident; operators acknowledge it through the audited action API, and bad attempts change nothing.
 */
class IncidentActionsTest {

    private static final String VIEWER = "viewer-token-0123456789";
    private static final String OPERATOR = "operator-token-0123456789";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final OkHttpClient http = new OkHttpClient();

    @TempDir
    static Path dir;
    private static Agent agent;

    @BeforeAll
    static void start() throws IOException {
        AgentConfig config = new AgentConfig("incidents", new AgentConfig.Listen("127.0.0.1", 0), null,
                List.of(new NodeConfig("node-9", "http://127.0.0.1:9", "t")),
                List.of(new AccessToken("wall", Role.VIEWER, VIEWER), new AccessToken("alice", Role.OPERATOR, OPERATOR)),
                null, null, dir.resolve("agent.db").toString(), null);
        agent = Agent.start(config, InstantSource.system());
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void shouldOpenAnIncidentForADownNodeAndLetAnOperatorAcknowledgeItOnce() throws IOException {
        List<Incident> streamed = new CopyOnWriteArrayList<>();
        try (AgentClient client = new AgentClient(agent.baseUrl(), VIEWER);
             StreamConnection stream = client.openStream(IncidentsOnStream.into(streamed))) {
            acknowledgeOnce(client, streamed);
        }
    }

    private static void acknowledgeOnce(AgentClient client, List<Incident> streamed) throws IOException {
        JsonNode incident = await().atMost(Duration.ofSeconds(10)).until(() -> incidents().get(0), i -> i != null);
        String id = incident.get("id").asText();
        assertThat(incident.get("title").asText()).isEqualTo("Node down on node-9");
        assertThat(incident.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(incident.get("state").asText()).isEqualTo("OPEN");
        assertThat(incident.get("evidence").get(0).asText()).contains("connection refused");

        try (Response r = post(ack(id, "on it"), VIEWER)) {
            assertThat(r.code()).isEqualTo(403);
        }
        assertThat(error(post(ack(id, ""), OPERATOR), 400)).contains("reason is required");
        assertThat(error(post(ack("inc-0-node-0", "on it"), OPERATOR), 404)).contains("no live incident 'inc-0-node-0'");
        assertThat(state(id)).as("nothing changed").isEqualTo("OPEN");

        JsonNode done;
        try (Response r = post(ack(id, "on it, ticket 4711"), OPERATOR)) {
            assertThat(r.code()).isEqualTo(200);
            done = Json.mapper().readTree(r.body().string());
        }
        assertThat(done.get("decision").asText()).isEqualTo("APPLIED");
        assertThat(state(id)).isEqualTo("ACKNOWLEDGED");
        assertThat(incidents().get(0).get("acknowledgedBy").asText()).isEqualTo("alice");

        assertThat(error(post(ack(id, "me too"), OPERATOR), 409)).contains("already acknowledged by alice");

        JsonNode audit = get("/api/v1/audit?limit=10");
        assertThat(audit.findValuesAsText("action")).contains("ACKNOWLEDGE");
        assertThat(audit.findValuesAsText("decision")).contains("DENIED", "APPLIED");
        assertThat(audit.findValuesAsText("target")).contains(id);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(streamed).as("on the stream")
                .anyMatch(i -> i.id().equals(id) && i.state() == IncidentState.ACKNOWLEDGED));
        assertThat(client.incidents(10)).extracting(Incident::acknowledgedBy).contains("alice");
    }

    private static String state(String id) throws IOException {
        for (JsonNode i : incidents()) {
            if (i.get("id").asText().equals(id)) {
                return i.get("state").asText();
            }
        }
        return null;
    }

    private static String ack(String id, String reason) {
        return "{\"type\":\"ACKNOWLEDGE\",\"incidentId\":\"" + id + "\",\"reason\":\"" + reason + "\",\"idempotencyKey\":\""
                + UUID.randomUUID() + "\"}";
    }

    private static JsonNode incidents() throws IOException {
        return get("/api/v1/incidents");
    }

    private static JsonNode get(String path) throws IOException {
        Request request = new Request.Builder().url(agent.baseUrl() + path).header("Authorization", "Bearer " + VIEWER).build();
        try (Response r = http.newCall(request).execute()) {
            assertThat(r.code()).isEqualTo(200);
            return Json.mapper().readTree(r.body().string());
        }
    }

    private static Response post(String body, String token) throws IOException {
        Request request = new Request.Builder().url(agent.baseUrl() + "/api/v1/actions")
                .header("Authorization", "Bearer " + token).post(RequestBody.create(body, JSON)).build();
        return http.newCall(request).execute();
    }

    /** The message of an error answered with {@code status}, in the action API's shape: a code and a message. */
    private static String error(Response response, int status) throws IOException {
        try (response) {
            assertThat(response.code()).isEqualTo(status);
            JsonNode body = Json.mapper().readTree(response.body().string());
            assertThat(body.get("error").asText()).isNotBlank();
            return body.get("message").asText();
        }
    }
}
