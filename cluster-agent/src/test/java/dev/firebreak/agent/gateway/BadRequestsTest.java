package dev.firebreak.agent.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.testing.StartedNodeAndAgent;
import dev.firebreak.node.http.Json;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.firebreak.agent.testing.Completions.HTTP;
import static dev.firebreak.agent.testing.Completions.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OpenAI API's own semantics for bad requests, on a real node and through a real gateway in
 * front of it: the same bad request gets the same status and code from both, in OpenAI's error
 * shape, with a message that names the field and the JSON type it wants, never a Java type, and
 * never a 500. A table of malformed requests, then random requests of the API's shape.
 */
class BadRequestsTest {

    private static final String TOKEN = "bad-requests-token";
    private static final String MODEL = "tiny-code";
    /** What a message must not hold: a Java type, a package, a generic, an exception's name. */
    private static final Pattern JAVA_TYPE = Pattern.compile(
            "java\\.|javax\\.|dev\\.firebreak|com\\.fasterxml|\\bjava\\b|Integer|Long\\b|Float\\b|Boolean\\b|ArrayList|LinkedHashMap"
                    + "|\\bList<|Exception|Node\\)|\\bclass\\b|\\$");
    private static final String COMPLETIONS = "/v1/completions";
    private static final String CHAT = "/v1/chat/completions";
    @RegisterExtension
    static final StartedNodeAndAgent cluster = StartedNodeAndAgent.openGateway("bad-requests", TOKEN, MODEL);

    @BeforeAll
    static void start() throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> post(cluster.agent().baseUrl(), COMPLETIONS,
                "{\"model\":\"tiny-code\",\"prompt\":\"warm\",\"max_tokens\":2}").status() == 200);
    }

    static Stream<Arguments> malformed() {
        List<Arguments> rows = new ArrayList<>();
        for (String path : List.of(COMPLETIONS, CHAT)) {
            String first = path.equals(CHAT) ? "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" : "\"prompt\":\"hi\"";
            rows.add(Arguments.of(path, "", 400, "missing_body"));
            rows.add(Arguments.of(path, "{not json", 400, "invalid_json"));
            rows.add(Arguments.of(path, "[1,2,3]", 400, "invalid_type"));
            rows.add(Arguments.of(path, "\"a string\"", 400, "invalid_type"));
            rows.add(Arguments.of(path, "null", 400, "invalid_type"));
            rows.add(Arguments.of(path, "42", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{}", 400, "missing_required_parameter"));
            rows.add(Arguments.of(path, "{" + first + "}", 400, "missing_required_parameter"));
            rows.add(Arguments.of(path, "{\"model\":123," + first + "}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":[\"tiny-code\"]," + first + "}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":{\"id\":1}," + first + "}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":\"\"," + first + "}", 400, "missing_required_parameter"));
            rows.add(Arguments.of(path, "{\"model\":\"no-such-model\"," + first + "}", 404, "model_not_found"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"max_tokens\":\"ten\"}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"max_tokens\":1.5}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"max_tokens\":0}", 400, "invalid_value"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"max_tokens\":-5}", 400, "invalid_value"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"max_tokens\":99999999999}", 400, "invalid_value"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"max_tokens\":100000}", 400, "context_length_exceeded"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"temperature\":\"hot\"}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"temperature\":5}", 400, "invalid_value"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"temperature\":-1}", 400, "invalid_value"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"top_p\":0}", 400, "invalid_value"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"top_p\":[1]}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"seed\":\"x\"}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"stream\":\"yes\"}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"stream\":1}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"n\":2}", 400, "unsupported_value"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"n\":\"one\"}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"stop\":5}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"stop\":[1,2]}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + ",\"stop\":{\"a\":1}}", 400, "invalid_type"));
            rows.add(Arguments.of(path, "{\"model\":\"tiny-code\"," + first + "," + "\"pad\":\"" + "x".repeat(2 << 20) + "\"}",
                    413, "body_too_large"));
        }
        String model = "{\"model\":\"tiny-code\",";
        rows.add(Arguments.of(COMPLETIONS, model + "\"prompt\":null}", 400, "missing_required_parameter"));
        rows.add(Arguments.of(COMPLETIONS, model + "\"prompt\":7}", 400, "invalid_type"));
        rows.add(Arguments.of(COMPLETIONS, model + "\"prompt\":[\"a\",\"b\"]}", 400, "invalid_type"));
        rows.add(Arguments.of(COMPLETIONS, model + "\"prompt\":[1,2,3]}", 400, "invalid_type"));
        rows.add(Arguments.of(COMPLETIONS, model + "\"prompt\":{\"text\":\"x\"}}", 400, "invalid_type"));
        rows.add(Arguments.of(COMPLETIONS, model + "\"prompt\":\"\"}", 400, "invalid_value"));
        rows.add(Arguments.of(COMPLETIONS, model + "\"prompt\":\"" + "word ".repeat(3000) + "\"}", 400, "context_length_exceeded"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":null}", 400, "missing_required_parameter"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":\"hi\"}", 400, "invalid_type"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":{\"role\":\"user\"}}", 400, "invalid_type"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[]}", 400, "invalid_value"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[\"hi\"]}", 400, "invalid_type"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[null]}", 400, "invalid_type"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[{\"content\":\"hi\"}]}", 400, "missing_required_parameter"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[{\"role\":5,\"content\":\"hi\"}]}", 400, "invalid_type"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}", 400, "invalid_value"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[{\"role\":\"user\"}]}", 400, "missing_required_parameter"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[{\"role\":\"user\",\"content\":7}]}", 400, "invalid_type"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[{\"role\":\"user\",\"content\":{\"text\":\"hi\"}}]}", 400, "invalid_type"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[{\"role\":\"user\",\"content\":[\"hi\"]}]}", 400, "invalid_type"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}", 400, "invalid_type"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"http://example.com/a.png\"}}]}]}", 400, "unsupported_value"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]}",
                400, "unsupported_value"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":3}]}]}",
                400, "invalid_type"));
        rows.add(Arguments.of(CHAT, model + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":7,\"text\":\"x\"}]}]}",
                400, "invalid_type"));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {2} {3}: {1}")
    @MethodSource("malformed")
    void shouldRefuseAMalformedRequestTheSameWayOnTheNodeAndTheGateway(String path, String body, int status, String code)
            throws IOException {
        Answer direct = post(cluster.node().baseUrl(), path, body);
        Answer gateway = post(cluster.agent().baseUrl(), path, body);

        assertOpenAiError(direct, status, code);
        assertOpenAiError(gateway, status, code);
        assertThat(gateway.message()).as("the gateway's message for the same request").isEqualTo(direct.message());
    }

    @Test
    void shouldCountTheTableAsTheIssueAsks() {
        assertThat(malformed().count()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void shouldAnswerChatContentGivenAsTextPartsOnTheNodeAndTheGateway() throws IOException {
        String body = "{\"model\":\"tiny-code\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"first part\"},{\"type\":\"text\",\"text\":\"second part\"}]}]}";
        for (String base : List.of(cluster.node().baseUrl(), cluster.agent().baseUrl())) {
            Answer answer = post(base, CHAT, body);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().path("choices").path(0).path("message").path("role").asText()).isEqualTo("assistant");
        }
    }

    @Test
    void shouldNeverAnswer500NorNameAJavaTypeForRandomRequestsOfTheApisShape() throws IOException {
        SplittableRandom random = new SplittableRandom(20261203);
        int refused = 0;
        for (int i = 0; i < 10_000; i++) {
            String path = random.nextBoolean() ? COMPLETIONS : CHAT;
            String body = RandomRequests.body(random, path.equals(CHAT));
            for (String base : List.of(cluster.node().baseUrl(), cluster.agent().baseUrl())) {
                Answer answer = post(base, path, body);
                assertThat(answer.status()).as("%s %s -> %s", base, body, answer.body()).isIn(200, 400, 404);
                if (answer.status() != 200) {
                    refused++;
                    assertThat(answer.message()).as(body).isNotBlank().doesNotContainPattern(JAVA_TYPE);
                }
            }
        }
        assertThat(refused).as("random requests of the shape are mostly wrong somewhere").isGreaterThan(10_000);
    }

    private static void assertOpenAiError(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        JsonNode error = answer.json().path("error");
        assertThat(error.path("code").asText()).as(answer.body()).isEqualTo(code);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(answer.message()).isNotBlank().doesNotContainPattern(JAVA_TYPE);
    }

    private record Answer(int status, String body) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String message() {
            return json().path("error").path("message").asText();
        }
    }

    private static Answer post(String base, String path, String body) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(base + path)
                .post(RequestBody.create(body, JSON)).build()).execute()) {
            return new Answer(r.code(), r.body().string());
        }
    }
}
