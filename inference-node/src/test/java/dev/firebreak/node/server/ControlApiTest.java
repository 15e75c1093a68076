package dev.firebreak.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.node.http.Json;
import dev.firebreak.node.lifecycle.NodeLifecycle;
import dev.firebreak.node.registry.ModelRegistry;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.InstantSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's control endpoint over real HTTP on an ephemeral loopback port. */
class ControlApiTest {

    private static final String TOKEN = "control-token-for-tests";
    private static final MediaType JSON = MediaType.get("application/json");

    private static NodeServer server;
    private static NodeLifecycle lifecycle;
    private static final OkHttpClient http = new OkHttpClient();

    @BeforeAll
    static void start() throws IOException {
        ModelRegistry registry = ModelRegistry.of(List.of("tiny-chat", "tiny-code"));
        lifecycle = new NodeLifecycle(InstantSource.system(), registry);
        server = NodeServer.start("127.0.0.1", 0, new ControlApi("node-t", TOKEN, registry, lifecycle,
                InstantSource.system()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void serving() {
        lifecycle.resume();
    }

    @Test
    void shouldReportStatusWithEveryConfiguredModel() throws IOException {
        try (Response response = call(get("/control/status"))) {
            assertThat(response.code()).isEqualTo(200);
            JsonNode status = Json.mapper().readTree(response.body().string());
            assertThat(status.get("nodeId").asText()).isEqualTo("node-t");
            assertThat(status.get("state").asText()).isEqualTo("SERVING");
            assertThat(status.get("uptimeMillis").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(status.get("heap").get("usedBytes").asLong()).isPositive();
            assertThat(status.get("models").findValuesAsText("model")).containsExactly("tiny-chat", "tiny-code");
        }
    }

    @Test
    void shouldAnswerHealthAndReadinessSeparately() throws IOException {
        try (Response health = call(get("/health")); Response ready = call(get("/ready"))) {
            assertThat(health.code()).isEqualTo(200);
            assertThat(ready.code()).isEqualTo(200);
        }
    }

    @Test
    void shouldRefuseDrainWithoutTokenAndChangeNothing() throws IOException {
        try (Response response = call(post("/control/drain", "{}").build())) {
            assertThat(response.code()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(errorCode(response)).isEqualTo("unauthorized");
        }
        assertThat(lifecycle.acceptingWork()).isTrue();
    }

    @Test
    void shouldRefuseDrainWithWrongTokenAndChangeNothing() throws IOException {
        try (Response response = call(post("/control/drain", "{}").header("Authorization", "Bearer wrong").build())) {
            assertThat(response.code()).isEqualTo(401);
            assertThat(errorCode(response)).isEqualTo("unauthorized");
        }
        assertThat(lifecycle.acceptingWork()).isTrue();
    }

    @Test
    void shouldRefuseResumeWithoutToken() throws IOException {
        lifecycle.drain(java.time.Duration.ofSeconds(1));
        try (Response response = call(post("/control/resume", "").build())) {
            assertThat(response.code()).isEqualTo(401);
        }
        assertThat(lifecycle.acceptingWork()).isFalse();
    }

    @Test
    void shouldDrainThenResumeWithTheToken() throws IOException {
        try (Response response = call(authorized(post("/control/drain", "{\"deadlineSeconds\": 10}")))) {
            assertThat(response.code()).isEqualTo(202);
            JsonNode body = Json.mapper().readTree(response.body().string());
            assertThat(body.get("state").asText()).isEqualTo("DRAINED");
            assertThat(body.get("drain").get("sequencesLeft").asInt()).isZero();
        }
        try (Response ready = call(get("/ready"))) {
            assertThat(ready.code()).isEqualTo(503);
            assertThat(ready.header("Retry-After")).isNotBlank();
        }
        try (Response response = call(authorized(post("/control/resume", "")))) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(lifecycle.acceptingWork()).isTrue();
    }

    @Test
    void shouldRejectMalformedDrainBodyWithACode() throws IOException {
        try (Response response = call(authorized(post("/control/drain", "{not json")))) {
            assertThat(response.code()).isEqualTo(400);
            assertThat(errorCode(response)).isEqualTo("invalid_json");
        }
        assertThat(lifecycle.acceptingWork()).isTrue();
    }

    @Test
    void shouldRejectANegativeDeadline() throws IOException {
        try (Response response = call(authorized(post("/control/drain", "{\"deadlineSeconds\": -1}")))) {
            assertThat(response.code()).isEqualTo(400);
            assertThat(errorCode(response)).isEqualTo("invalid_deadline");
        }
    }

    @Test
    void shouldRefuseAnOversizedBodyBeforeReadingIt() throws IOException {
        String huge = "{\"deadlineSeconds\": 1, \"pad\": \"" + "x".repeat(100_000) + "\"}";
        try (Response response = call(authorized(post("/control/drain", huge)))) {
            assertThat(response.code()).isEqualTo(413);
            assertThat(errorCode(response)).isEqualTo("body_too_large");
        }
        assertThat(lifecycle.acceptingWork()).isTrue();
    }

    @Test
    void shouldAnswerUnknownPathsAndMethodsInJson() throws IOException {
        try (Response response = call(get("/nope"))) {
            assertThat(response.code()).isEqualTo(404);
            assertThat(errorCode(response)).isEqualTo("not_found");
        }
        try (Response response = call(get("/control/drain"))) {
            assertThat(response.code()).isEqualTo(405);
            assertThat(response.header("Allow")).isEqualTo("POST");
        }
    }

    private static Request get(String path) {
        return new Request.Builder().url(server.baseUrl() + path).build();
    }

    private static Request.Builder post(String path, String body) {
        return new Request.Builder().url(server.baseUrl() + path).post(RequestBody.create(body, JSON));
    }

    private static Request authorized(Request.Builder builder) {
        return builder.header("Authorization", "Bearer " + TOKEN).build();
    }

    private static Response call(Request request) throws IOException {
        return http.newCall(request).execute();
    }

    private static String errorCode(Response response) throws IOException {
        return Json.mapper().readTree(response.body().string()).get("error").asText();
    }
}
