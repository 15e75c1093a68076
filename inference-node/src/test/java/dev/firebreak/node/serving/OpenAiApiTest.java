package dev.firebreak.node.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.node.Node;
import dev.firebreak.node.NodeOptions;
import dev.firebreak.node.engine.batch.SchedulerLimits;
import dev.firebreak.node.engine.kv.KvBlockPool;
import dev.firebreak.node.engine.tensor.WeightType;
import dev.firebreak.node.http.Json;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The OpenAI-compatible API over real HTTP against a real node with two tiny models. */
class OpenAiApiTest {

    private static final String TOKEN = "control-token-for-tests";
    private static final MediaType JSON = MediaType.get("application/json");
    private static Node node;
    private static final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();

    @BeforeAll
    static void start() throws IOException {
        node = Node.start(new NodeOptions(dev.firebreak.node.http.HttpSettings.of("127.0.0.1", 0), "node-api", TOKEN, List.of("tiny-chat", "tiny-code"), List.of(),
                WeightType.Q8_0, 32L << 20, 16, KvBlockPool.Isolation.SHARED, SchedulerLimits.defaults(), true, 0,
                java.time.Duration.ZERO));
        // A cold engine's first forward passes take seconds while the JIT compiles them; a cancel is
        // seen between passes, so the disconnect tests below measure the server only once it is warm.
        for (String model : List.of("tiny-chat", "tiny-code")) {
            post200("/v1/chat/completions", "{\"model\":\"" + model + "\",\"max_tokens\":8,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]}");
        }
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @AfterEach
    void healthy() throws IOException {
        assertOk("/control/faults", "{}", true);
        assertOk("/control/resume", "", true);
    }

    @Test
    void shouldListTheModels() throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(node.baseUrl() + "/v1/models").build()).execute()) {
            JsonNode body = Json.mapper().readTree(r.body().string());
            assertThat(body.get("data").findValuesAsText("id")).containsExactly("tiny-chat", "tiny-code");
        }
    }

    @Test
    void shouldCompleteWithUsageAndAFinishReason() throws IOException {
        JsonNode body = completion("{\"model\":\"tiny-chat\",\"prompt\":\"Hello\",\"max_tokens\":8,\"seed\":1}");

        assertThat(body.get("object").asText()).isEqualTo("text_completion");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isIn("stop", "length");
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(5);
        assertThat(body.get("usage").get("completion_tokens").asInt()).isBetween(0, 8);
    }

    @Test
    void shouldGiveTheSameAnswerForTheSameSeed() throws IOException {
        String request = "{\"model\":\"tiny-code\",\"prompt\":\"seeded\",\"max_tokens\":12,\"seed\":42,\"temperature\":0.8}";
        assertThat(text(completion(request))).isEqualTo(text(completion(request)));
    }

    @Test
    void shouldAnswerChatAsTheAssistant() throws IOException {
        JsonNode body = post200("/v1/chat/completions", "{\"model\":\"tiny-chat\",\"messages\":[{\"role\":\"system\","
                + "\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":6,\"seed\":3}");

        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("choices").get(0).get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(body.get("choices").get(0).get("message").get("content").asText())
                .as("a synthetic model answers in visible text, not control tokens").isNotBlank().matches("[\\x20-\\x7E\\n]+");
    }

    @Test
    void shouldStreamTheSameTextEndingWithDone() throws IOException {
        String request = "{\"model\":\"tiny-chat\",\"prompt\":\"stream me\",\"max_tokens\":16,\"seed\":9,\"temperature\":0.7";
        String whole = text(completion(request + "}"));

        List<String> events = stream("/v1/completions", request + ",\"stream\":true}");

        assertThat(events.getLast()).isEqualTo("[DONE]");
        StringBuilder streamed = new StringBuilder();
        String finish = null;
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode choice = Json.mapper().readTree(event).get("choices").get(0);
            streamed.append(choice.get("text").asText());
            if (!choice.get("finish_reason").isNull()) {
                finish = choice.get("finish_reason").asText();
            }
        }
        assertThat(streamed.toString()).isEqualTo(whole);
        assertThat(finish).isIn("stop", "length");
    }

    @Test
    void shouldRefuseBadInputWithOpenAiErrors() throws IOException {
        assertError("{not json", 400, "invalid_json", null);
        assertError("{\"model\":\"nope\",\"prompt\":\"x\"}", 404, "model_not_found", null);
        assertError("{\"model\":\"tiny-chat\",\"prompt\":\"x\",\"max_tokens\":0}", 400, "invalid_value", "max_tokens");
        assertError("{\"model\":\"tiny-chat\",\"prompt\":\"x\",\"max_tokens\":5000}", 400, "context_length_exceeded", "max_tokens");
        assertError("{\"model\":\"tiny-chat\",\"prompt\":\"" + "x".repeat(3000) + "\"}", 400, "context_length_exceeded", "prompt");
        assertError("{\"model\":\"tiny-chat\",\"prompt\":\"x\",\"temperature\":5}", 400, "invalid_value", "temperature");
        assertError("{\"model\":\"tiny-chat\",\"prompt\":\"x\",\"n\":2}", 400, "unsupported_value", "n");
        assertError("{\"model\":\"tiny-chat\",\"prompt\":\"" + "x".repeat(2 << 20) + "\"}", 413, "body_too_large", null);
        assertThat(node.engine().sequences()).as("bad requests cost nothing").isZero();
    }

    @Test
    void shouldFreeTheBlocksOfAStreamingClientThatDisconnects() throws IOException {
        assertFreedWhenTheClientLeaves("/v1/completions",
                "{\"model\":\"tiny-code\",\"prompt\":\"long answer\",\"max_tokens\":2000,\"stream\":true}");
    }

    @Test
    void shouldFreeTheBlocksOfAStreamingChatClientThatDisconnects() throws IOException {
        assertFreedWhenTheClientLeaves("/v1/chat/completions", "{\"model\":\"tiny-code\",\"max_tokens\":2000,"
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"an answer nobody reads\"}]}");
    }

    @Test
    void shouldFreeTheBlocksOfANonStreamingClientThatDisconnects() throws IOException {
        assertFreedWhenTheClientLeaves("/v1/completions",
                "{\"model\":\"tiny-code\",\"prompt\":\"an answer nobody waits for\",\"max_tokens\":2000,\"seed\":11}");
    }

    @Test
    void shouldFreeTheBlocksOfAChatClientThatDisconnects() throws IOException {
        assertFreedWhenTheClientLeaves("/v1/chat/completions", "{\"model\":\"tiny-code\",\"max_tokens\":2000,\"seed\":11,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"an answer nobody waits for\"}]}");
    }

    /**
     * Sends a long request on a raw socket, closes the socket once the sequence holds blocks, and
     * expects the node to cancel it and free them within a second, long before its deadline. A
     * non-streaming answer writes nothing until it is whole, and a stream of empty chunks may write
     * nothing for seconds, so only the server noticing the close can tell.
     */
    static void assertFreedWhenTheClientLeaves(String path, String body) throws IOException {
        long cancelledBefore = modelStatus("tiny-code").get("requestsByOutcome").path("cancelled").asLong();
        URI base = URI.create(node.baseUrl());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket client = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = client.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nContent-Type: application/json\r\n"
                    + OpenAiApi.DEADLINE_HEADER + ": 60000\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> modelStatus("tiny-code").get("kv").get("blocksUsed").asLong() > 0);
        }
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            JsonNode model = modelStatus("tiny-code");
            assertThat(model.get("kv").get("blocksUsed").asLong()).isZero();
            assertThat(model.get("sequencesRunning").asInt()).isZero();
            assertThat(model.get("requestsByOutcome").path("cancelled").asLong())
                    .as("cancelled, not finished").isEqualTo(cancelledBefore + 1);
        });
    }

    private static JsonNode modelStatus(String name) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(node.baseUrl() + "/control/status").build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            for (JsonNode model : Json.mapper().readTree(r.body().string()).get("models")) {
                if (model.get("model").asText().equals(name)) {
                    return model;
                }
            }
            throw new AssertionError("no model " + name + " in the status");
        }
    }

    @Test
    void shouldRefuseNewWorkWhileDrainingWithRetryAfter() throws IOException {
        try (Response r = post("/control/drain", "{}", true)) {
            assertThat(r.code()).isEqualTo(202);
        }
        try (Response r = post("/v1/completions", "{\"model\":\"tiny-chat\",\"prompt\":\"x\"}", false)) {
            assertThat(r.code()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isEqualTo("5");
            assertThat(Json.mapper().readTree(r.body().string()).get("error").get("code").asText()).isEqualTo("draining");
        }
    }

    @Test
    void shouldEndAStreamCutByTheDrainDeadlineWithAnErrorEvent() throws IOException {
        Request request = new Request.Builder().url(node.baseUrl() + "/v1/completions").post(RequestBody.create(
                "{\"model\":\"tiny-chat\",\"prompt\":\"drain me\",\"max_tokens\":1500,\"stream\":true}", JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            BufferedSource source = response.body().source();
            source.readUtf8Line();
            try (Response r = post("/control/drain", "{\"deadlineSeconds\": 0}", true)) {
                assertThat(r.code()).isEqualTo(202);
            }
            List<String> rest = new ArrayList<>();
            String line;
            while ((line = source.readUtf8Line()) != null) {
                if (line.startsWith("data: ")) {
                    rest.add(line.substring(6));
                }
            }
            assertThat(rest).isNotEmpty();
            assertThat(rest.getLast()).contains("\"code\":\"draining\"").doesNotContain("[DONE]");
        }
    }

    @Test
    void shouldInjectErrorsAndTruncatedStreamsWhenAsked() throws IOException {
        assertOk("/control/faults", "{\"errorRate\": 1.0}", true);
        assertError("{\"model\":\"tiny-chat\",\"prompt\":\"x\"}", 500, "injected_fault", null);

        assertOk("/control/faults", "{\"truncateRate\": 1.0}", true);
        List<String> events = stream("/v1/completions", "{\"model\":\"tiny-chat\",\"prompt\":\"cut\",\"max_tokens\":200,\"stream\":true}");
        assertThat(events).doesNotContain("[DONE]");
    }

    @Test
    void shouldInjectFaultsIntoOneModelOnlyWhenItIsNamed() throws IOException {
        assertOk("/control/faults", "{\"errorRate\": 1.0, \"model\": \"tiny-code\"}", true);
        assertError("{\"model\":\"tiny-code\",\"prompt\":\"x\",\"max_tokens\":2}", 500, "injected_fault", null);
        assertOk("/v1/completions", "{\"model\":\"tiny-chat\",\"prompt\":\"x\",\"max_tokens\":2}", false);
    }

    @Test
    void shouldFailHealthWhenDecodingStallsWithWorkHeld() throws Exception {
        assertOk("/control/faults", "{\"stallSeconds\": 30}", true);
        Request request = new Request.Builder().url(node.baseUrl() + "/v1/completions").post(RequestBody.create(
                "{\"model\":\"tiny-chat\",\"prompt\":\"stuck\",\"max_tokens\":4,\"stream\":true}", JSON)).build();
        okhttp3.Call call = http.newCall(request);
        call.enqueue(new okhttp3.Callback() {
            @Override
            public void onFailure(okhttp3.Call c, IOException e) {
            }

            @Override
            public void onResponse(okhttp3.Call c, Response response) {
                response.close();
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                try (Response health = http.newCall(new Request.Builder().url(node.baseUrl() + "/health").build()).execute()) {
                    assertThat(health.code()).isEqualTo(503);
                    assertThat(health.body().string()).contains("STALLED");
                }
            });
        } finally {
            call.cancel();
        }
    }

    @Test
    void shouldExposePrometheusMetricsWithVllmNames() throws IOException {
        completion("{\"model\":\"tiny-code\",\"prompt\":\"metrics\",\"max_tokens\":4,\"seed\":2}");
        assertError("{\"model\":\"tiny-code\",\"prompt\":\"x\",\"max_tokens\":0}", 400, "invalid_value", "max_tokens");

        try (Response r = http.newCall(new Request.Builder().url(node.baseUrl() + "/metrics").build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("text/plain; version=0.0.4");
            String text = r.body().string();
            assertThat(text)
                    .contains("vllm_num_requests_running{model_name=\"tiny-code\"} 0")
                    .contains("vllm_kv_cache_usage_perc{model_name=\"tiny-chat\"}")
                    .contains("vllm_num_preemptions_total{model_name=\"tiny-code\"}")
                    .contains("vllm_time_to_first_token_seconds_bucket{model_name=\"tiny-code\",le=\"")
                    .contains("vllm_e2e_request_latency_seconds_count{model_name=\"tiny-code\"}")
                    .containsPattern("vllm_request_success_total\\{finished_reason=\"(stop|length)\",model_name=\"tiny-code\"\\} [1-9]")
                    .contains("firebreak_kv_blocks{model_name=\"tiny-code\",state=\"orphaned\"} 0")
                    .as("refusals are counted by status and code")
                    .containsPattern("firebreak_requests_rejected_total\\{code=\"invalid_value\",status=\"400\"\\} [1-9]");
        }
    }

    private static void assertError(String body, int status, String code, String param) throws IOException {
        try (Response r = post("/v1/completions", body, false)) {
            assertThat(r.code()).as(body.length() > 80 ? body.substring(0, 80) : body).isEqualTo(status);
            JsonNode error = Json.mapper().readTree(r.body().string()).get("error");
            assertThat(error.get("code").asText()).isEqualTo(code);
            assertThat(error.get("message").asText()).isNotBlank();
            assertThat(error.get("type").asText()).isNotBlank();
            if (param != null) {
                assertThat(error.get("param").asText()).isEqualTo(param);
            }
        }
    }

    private static JsonNode completion(String body) throws IOException {
        return post200("/v1/completions", body);
    }

    private static JsonNode post200(String path, String body) throws IOException {
        try (Response r = post(path, body, false)) {
            String text = r.body().string();
            assertThat(r.code()).as(text).isEqualTo(200);
            return Json.mapper().readTree(text);
        }
    }

    private static String text(JsonNode completion) {
        return completion.get("choices").get(0).get("text").asText();
    }

    private static List<String> stream(String path, String body) throws IOException {
        try (Response r = post(path, body, false)) {
            assertThat(r.header("Content-Type")).startsWith("text/event-stream");
            return r.body().string().lines().filter(line -> line.startsWith("data: "))
                    .map(line -> line.substring("data: ".length())).toList();
        }
    }

    /** Posts {@code body} to {@code path} and checks the node answers 200. */
    private static void assertOk(String path, String body, boolean withToken) throws IOException {
        try (Response r = post(path, body, withToken)) {
            assertThat(r.code()).isEqualTo(200);
        }
    }

    private static Response post(String path, String body, boolean withToken) throws IOException {
        Request.Builder request = new Request.Builder().url(node.baseUrl() + path).post(RequestBody.create(body, JSON));
        if (withToken) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return http.newCall(request.build()).execute();
    }
}
