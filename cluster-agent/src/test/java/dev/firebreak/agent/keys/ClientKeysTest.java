package dev.firebreak.agent.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.AgentMain;
import dev.firebreak.agent.cli.Cli;
import dev.firebreak.agent.testing.StartedNodeAndAgent;
import dev.firebreak.node.http.Json;
import dev.firebreak.node.testing.CommandRun;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import static dev.firebreak.agent.testing.Completions.HTTP;
import static dev.firebreak.agent.testing.Completions.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client API keys at a real agent's gateway in front of a real node, the gateway not in open mode:
 * no or a wrong key is refused with 401 {@code invalid_api_key}, a key calls only its models and
 * within its limits (429 {@code rate_limit_exceeded} with Retry-After), rotation and revocation take
 * effect at once, each change is audited without its secret, and the usage per key is in /metrics.
 */
class ClientKeysTest {

    private static final String TOKEN = "client-keys-operator-token";
    private static final String MODEL = "tiny-code";

    @RegisterExtension
    static final StartedNodeAndAgent cluster = StartedNodeAndAgent.withClientKeys("keys", TOKEN, MODEL);

    @BeforeAll
    static void start() throws IOException {
        String warmup = secret(create("{\"name\":\"warm-up\"}"));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Response r = complete(warmup, MODEL, 1)) {
                return r.code() == 200;
            }
        });
    }

    @Test
    void aRequestWithoutAKeyOrWithAWrongOneIsRefusedWith401InvalidApiKey() throws IOException {
        for (String key : new String[] {null, "sk-not-a-firebreak-key", "fb-" + "A".repeat(43)}) {
            try (Response r = complete(key, MODEL, 1)) {
                assertThat(r.code()).isEqualTo(401);
                JsonNode error = Json.mapper().readTree(r.body().string()).path("error");
                assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
                assertThat(error.path("type").asText()).isEqualTo("authentication_error");
                assertThat(error.path("message").asText()).doesNotContain("A".repeat(10));
            }
        }
        try (Response r = HTTP.newCall(new Request.Builder().url(cluster.agent().baseUrl() + "/v1/models").build()).execute()) {
            assertThat(r.code()).isEqualTo(401);
        }
    }

    @Test
    void aKeyCallsOnlyTheModelsItIsAllowed() throws IOException {
        String key = secret(create("{\"name\":\"other-model-only\",\"models\":[\"tiny-chat\"]}"));
        try (Response r = complete(key, MODEL, 1)) {
            assertThat(r.code()).isEqualTo(403);
            assertThat(Json.mapper().readTree(r.body().string()).path("error").path("code").asText()).isEqualTo("model_not_allowed");
        }
        String allowed = secret(create("{\"name\":\"code-only\",\"models\":[\"" + MODEL + "\"]}"));
        try (Response r = complete(allowed, MODEL, 1)) {
            assertThat(r.code()).isEqualTo(200);
        }
    }

    @Test
    void overItsRequestsPerMinuteAKeyGets429RateLimitExceededWithRetryAfter() throws IOException {
        String key = secret(create("{\"name\":\"two-a-minute\",\"requestsPerMinute\":2}"));
        for (int i = 0; i < 2; i++) {
            try (Response r = complete(key, MODEL, 1)) {
                assertThat(r.code()).isEqualTo(200);
            }
        }
        try (Response r = complete(key, MODEL, 1)) {
            assertThat(r.code()).isEqualTo(429);
            assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, 30);
            JsonNode error = Json.mapper().readTree(r.body().string()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
            assertThat(error.path("message").asText()).contains("2 requests per minute");
        }
    }

    @Test
    void aKeyOverItsTokensPerMinuteIsRefusedUntilTheDebtIsPaidBack() throws IOException {
        String key = secret(create("{\"name\":\"few-tokens\",\"tokensPerMinute\":5}"));
        try (Response r = complete(key, MODEL, 8)) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(Json.mapper().readTree(r.body().string()).path("usage").path("total_tokens").asInt()).isGreaterThan(5);
        }
        try (Response r = complete(key, MODEL, 1)) {
            assertThat(r.code()).isEqualTo(429);
            assertThat(Json.mapper().readTree(r.body().string()).path("error").path("message").asText())
                    .contains("5 tokens per minute");
        }
    }

    @Test
    void aRotatedKeyWorksOnlyWithItsNewSecretAndARevokedOneNotAtAll() throws IOException {
        JsonNode created = create("{\"name\":\"rotating\"}");
        String id = created.path("key").path("id").asText();
        String first = secret(created);
        JsonNode rotated = change("ROTATE", id);
        String second = secret(rotated);
        assertThat(second).isNotEqualTo(first).startsWith(KeySecret.PREFIX);
        try (Response old = complete(first, MODEL, 1); Response fresh = complete(second, MODEL, 1)) {
            assertThat(old.code()).isEqualTo(401);
            assertThat(fresh.code()).isEqualTo(200);
        }

        JsonNode revoked = change("REVOKE", id);
        assertThat(revoked.path("secret").isNull()).isTrue();
        try (Response r = complete(second, MODEL, 1)) {
            assertThat(r.code()).isEqualTo(401);
        }
        try (Response again = post("/api/v1/keys", "{\"action\":\"REVOKE\",\"id\":\"" + id
                + "\",\"reason\":\"twice\",\"idempotencyKey\":\"" + UUID.randomUUID() + "\"}", TOKEN)) {
            assertThat(again.code()).isEqualTo(409);
        }
        JsonNode listed = get("/api/v1/keys");
        JsonNode mine = null;
        for (JsonNode k : listed) {
            if (k.path("key").path("id").asText().equals(id)) {
                mine = k;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("key").path("revokedAtMillis").isNumber()).isTrue();
        assertThat(mine.path("requests").asLong()).isEqualTo(1);
        assertThat(listed.toString()).doesNotContain(first).doesNotContain(second);

        JsonNode audit = get("/api/v1/audit?limit=200");
        assertThat(audit.toString()).contains("KEY_CREATE", "KEY_ROTATE", "KEY_REVOKE")
                .doesNotContain(first).doesNotContain(second);
    }

    @Test
    void aRepeatedCreateUnderTheSameIdempotencyKeyMakesNoSecondKeyAndShowsNoSecret() throws IOException {
        String body = "{\"action\":\"CREATE\",\"name\":\"once\",\"reason\":\"test\",\"idempotencyKey\":\"create-once\"}";
        JsonNode first;
        JsonNode again;
        try (Response r = post("/api/v1/keys", body, TOKEN)) {
            first = Json.mapper().readTree(r.body().string());
        }
        try (Response r = post("/api/v1/keys", body, TOKEN)) {
            again = Json.mapper().readTree(r.body().string());
        }
        assertThat(again.path("auditId").asLong()).isEqualTo(first.path("auditId").asLong());
        assertThat(again.path("secret").isNull()).isTrue();
        assertThat(again.path("outcome").asText()).contains("already done");
        long named = 0;
        for (JsonNode k : get("/api/v1/keys")) {
            named += k.path("key").path("name").asText().equals("once") ? 1 : 0;
        }
        assertThat(named).isEqualTo(1);
    }

    @Test
    void anIdempotencyKeyUsedForAnotherActionIsRefusedWith409() throws IOException {
        String used = UUID.randomUUID().toString();
        String id;
        try (Response r = post("/api/v1/keys", "{\"action\":\"CREATE\",\"name\":\"first\",\"reason\":\"r\","
                + "\"idempotencyKey\":\"" + used + "\"}", TOKEN)) {
            assertThat(r.code()).isEqualTo(200);
            id = Json.mapper().readTree(r.body().string()).path("key").path("id").asText();
        }
        try (Response r = post("/api/v1/actions", "{\"type\":\"TRIP\",\"model\":\"" + MODEL + "\",\"reason\":\"r\","
                + "\"idempotencyKey\":\"" + used + "\"}", TOKEN)) {
            assertThat(r.code()).isEqualTo(409);
            assertThat(r.body().string()).contains("idempotency_key_reused").contains("KEY_CREATE");
        }
        try (Response r = post("/api/v1/keys", "{\"action\":\"ROTATE\",\"id\":\"" + id + "\",\"reason\":\"r\","
                + "\"idempotencyKey\":\"" + used + "\"}", TOKEN)) {
            assertThat(r.code()).isEqualTo(409);
            assertThat(r.body().string()).contains("idempotency_key_reused");
        }
    }

    @Test
    void keyActionsNeedAnOperatorAndAReasonAndNameWhatIsWrong() throws IOException {
        try (Response r = post("/api/v1/keys", "{\"action\":\"CREATE\",\"name\":\"x\",\"reason\":\"r\",\"idempotencyKey\":\"k\"}",
                "not-a-token")) {
            assertThat(r.code()).isEqualTo(401);
        }
        try (Response r = post("/api/v1/keys", "{\"action\":\"CREATE\",\"name\":\"x\",\"idempotencyKey\":\"k2\"}", TOKEN)) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(r.body().string()).contains("reason is required");
        }
        try (Response r = post("/api/v1/keys", "{\"action\":\"CREATE\",\"name\":\"x\",\"requestsPerMinute\":0,"
                + "\"reason\":\"r\",\"idempotencyKey\":\"k3\"}", TOKEN)) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(r.body().string()).contains("requestsPerMinute must be at least 1");
        }
        try (Response r = post("/api/v1/keys", "{\"action\":\"ROTATE\",\"id\":\"key-nope\",\"reason\":\"r\","
                + "\"idempotencyKey\":\"k4\"}", TOKEN)) {
            assertThat(r.code()).isEqualTo(404);
        }
        JsonNode audit = get("/api/v1/audit?limit=200");
        assertThat(audit.toString()).contains("\"decision\":\"DENIED\"").contains("no client key 'key-nope'");
    }

    @Test
    void theUsageOfEachKeyIsInTheAgentsMetrics() throws IOException {
        JsonNode created = create("{\"name\":\"metered\"}");
        String id = created.path("key").path("id").asText();
        try (Response r = complete(secret(created), MODEL, 2)) {
            assertThat(r.code()).isEqualTo(200);
        }
        try (Response r = HTTP.newCall(new Request.Builder().url(cluster.agent().baseUrl() + "/metrics").build()).execute()) {
            String metrics = r.body().string();
            assertThat(metrics).contains("firebreak_gateway_key_requests_total{key_id=\"" + id + "\",key_name=\"metered\"} 1.0")
                    .containsPattern("firebreak_gateway_key_tokens_total\\{key_id=\"" + id + "\",key_name=\"metered\"} [1-9]")
                    .contains("firebreak_gateway_key_requests_in_flight{key_id=\"" + id + "\",key_name=\"metered\"} 0");
        }
    }

    @Test
    void theCommandLineCreatesAKeyAndPrintsItsSecretOnceAndListsIt() {
        CommandRun created = CommandRun.of(AgentMain.commandLine(), "keys", "create", "from-cli", "--rpm", "60", "--models",
                MODEL + ",tiny-chat", "--reason", "cli test", "--agent", cluster.agent().baseUrl(), "--token", TOKEN);
        assertThat(created.exit()).as(created.err()).isEqualTo(Cli.OK);
        String secret = created.out().lines().filter(l -> l.startsWith(KeySecret.PREFIX)).findFirst().orElseThrow();

        CommandRun listed = CommandRun.of(AgentMain.commandLine(), "keys", "list", "--agent", cluster.agent().baseUrl(),
                "--token", TOKEN);
        assertThat(listed.exit()).as(listed.err()).isEqualTo(Cli.OK);
        assertThat(listed.out()).contains("from-cli").contains(secret.substring(0, 10) + "...")
                .contains("models " + MODEL + ", tiny-chat").doesNotContain(secret);
    }

    private static JsonNode create(String fields) throws IOException {
        String body = fields.substring(0, fields.length() - 1) + ",\"action\":\"CREATE\",\"reason\":\"test\",\"idempotencyKey\":\""
                + UUID.randomUUID() + "\"}";
        try (Response r = post("/api/v1/keys", body, TOKEN)) {
            assertThat(r.code()).isEqualTo(200);
            return Json.mapper().readTree(r.body().string());
        }
    }

    private static JsonNode change(String action, String id) throws IOException {
        try (Response r = post("/api/v1/keys", "{\"action\":\"" + action + "\",\"id\":\"" + id
                + "\",\"reason\":\"test\",\"idempotencyKey\":\"" + UUID.randomUUID() + "\"}", TOKEN)) {
            assertThat(r.code()).isEqualTo(200);
            return Json.mapper().readTree(r.body().string());
        }
    }

    private static String secret(JsonNode result) {
        return result.path("secret").asText();
    }

    static Response complete(String key, String model, int maxTokens) throws IOException {
        Request.Builder request = new Request.Builder().url(cluster.agent().baseUrl() + "/v1/completions")
                .post(RequestBody.create("{\"model\":\"" + model + "\",\"prompt\":\"hello there\",\"max_tokens\":" + maxTokens
                        + ",\"seed\":1}", JSON));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.newCall(request.build()).execute();
    }

    private static Response post(String path, String body, String token) throws IOException {
        return HTTP.newCall(new Request.Builder().url(cluster.agent().baseUrl() + path)
                .header("Authorization", "Bearer " + token).post(RequestBody.create(body, JSON)).build()).execute();
    }

    private static JsonNode get(String path) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(cluster.agent().baseUrl() + path)
                .header("Authorization", "Bearer " + TOKEN).build()).execute()) {
            return Json.mapper().readTree(r.body().string());
        }
    }
}
