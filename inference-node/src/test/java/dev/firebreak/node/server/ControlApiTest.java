package dev.firebreak.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.node.Node;
import dev.firebreak.node.NodeOptions;
import dev.firebreak.node.http.Json;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's control endpoint over real HTTP on an ephemeral loopback port. */
class ControlApiTest {

    private static final String TOKEN = "control-token-for-tests";
    private static final MediaType JSON = MediaType.get("application/json");

    private static Node server;
    private static final OkHttpClient http = new OkHttpClient();

    @BeforeAll
    static void start() throws IOException {
        server = Node.start(NodeOptions.forTests("node-t", TOKEN, List.of("tiny-chat", "tiny-code")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void serving() throws IOException {
        assertStatus(authorized(post("/control/resume", "")), 200);
    }

    private static boolean accepting() throws IOException {
        try (Response ready = call(get("/ready"))) {
            return ready.code() == 200;
        }
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
            JsonNode kv = status.get("models").get(0).get("kv");
            assertThat(kv.get("blockSize").asInt()).isEqualTo(16);
            assertThat(kv.get("blocksTotal").asLong()).as("the KV pool is real").isPositive();
            assertThat(kv.get("blocksFree").asLong()).isEqualTo(kv.get("blocksTotal").asLong());
        }
    }

    @Test
    void shouldCloseAndReopenAdmissionForOneModel() throws IOException {
        assertStatus(authorized(post("/control/admission", "{\"model\": \"tiny-code\", \"open\": false}")), 200);
        assertThat(accepting()).as("ready fails while a model is closed").isFalse();
        try (Response response = call(post("/control/admission", "{\"model\": \"tiny-code\", \"open\": true}").build())) {
            assertThat(response.code()).as("admission needs the token").isEqualTo(401);
        }
        assertStatus(authorized(post("/control/admission", "{\"model\": \"tiny-code\", \"open\": true}")), 200);
        assertThat(accepting()).isTrue();
    }

    @Test
    void shouldRefuseFaultInjectionUnlessAllowed() throws IOException {
        assertRefused(authorized(post("/control/faults", "{\"errorRate\": 1.0}")), 403, "faults_not_allowed");
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
        assertThat(accepting()).isTrue();
    }

    @Test
    void shouldRefuseDrainWithWrongTokenAndChangeNothing() throws IOException {
        assertRefused(post("/control/drain", "{}").header("Authorization", "Bearer wrong").build(), 401, "unauthorized");
        assertThat(accepting()).isTrue();
    }

    @Test
    void shouldRefuseResumeWithoutToken() throws IOException {
        assertStatus(authorized(post("/control/drain", "{}")), 202);
        assertStatus(post("/control/resume", "").build(), 401);
        assertThat(accepting()).isFalse();
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
        assertStatus(authorized(post("/control/resume", "")), 200);
        assertThat(accepting()).isTrue();
    }

    @Test
    void shouldRejectMalformedDrainBodyWithACode() throws IOException {
        assertRefused(authorized(post("/control/drain", "{not json")), 400, "invalid_json");
        assertThat(accepting()).isTrue();
    }

    @Test
    void shouldRejectANegativeDeadline() throws IOException {
        assertRefused(authorized(post("/control/drain", "{\"deadlineSeconds\": -1}")), 400, "invalid_deadline");
    }

    @Test
    void shouldRefuseAnOversizedBodyBeforeReadingIt() throws IOException {
        String huge = "{\"deadlineSeconds\": 1, \"pad\": \"" + "x".repeat(100_000) + "\"}";
        assertRefused(authorized(post("/control/drain", huge)), 413, "body_too_large");
        assertThat(accepting()).isTrue();
    }

    @Test
    void shouldAnswerUnknownPathsAndMethodsInJson() throws IOException {
        assertRefused(get("/nope"), 404, "not_found");
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

    /** Sends {@code request} and checks the node answers {@code status} with the error code {@code code}. */
    private static void assertStatus(Request request, int status) throws IOException {
        try (Response response = call(request)) {
            assertThat(response.code()).isEqualTo(status);
        }
    }

    private static void assertRefused(Request request, int status, String code) throws IOException {
        try (Response response = call(request)) {
            assertThat(response.code()).isEqualTo(status);
            assertThat(errorCode(response)).isEqualTo(code);
        }
    }

    private static String errorCode(Response response) throws IOException {
        return Json.mapper().readTree(response.body().string()).get("error").asText();
    }
}
