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

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.firebreak.agent.testing.Completions.HTTP;
import static dev.firebreak.agent.testing.Completions.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway client that goes away has its sequence cancelled on the node and its KV blocks freed
 * within a second, streaming or not: the gateway cancels its own call to the node, which the node
 * notices in turn. A real node and a real agent in this JVM, over real sockets.
 */
class GatewayDisconnectTest {

    private static final String TOKEN = "gateway-disconnect-token";

    @RegisterExtension
    static final StartedNodeAndAgent cluster = StartedNodeAndAgent.openGateway("disconnects", TOKEN, "tiny-code");

    @BeforeAll
    static void start() throws IOException {
        // A cold engine's first passes take seconds while the JIT compiles them; a cancel is seen between passes.
        // Warmed on the node itself: on a busy machine the gateway's stall detector may rightly take a cold
        // engine for a stalled one and hold its breaker open, which is not what these tests are about.
        for (int i = 0; i < 4; i++) {
            String path = i == 0 ? "/v1/completions" : "/v1/chat/completions";
            String body = i == 0 ? "{\"model\":\"tiny-code\",\"prompt\":\"warm\",\"max_tokens\":8}"
                    : "{\"model\":\"tiny-code\",\"max_tokens\":16,\"stream\":" + (i % 2 == 0)
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]}";
            try (Response r = HTTP.newCall(new Request.Builder().url(cluster.node().baseUrl() + path)
                    .post(RequestBody.create(body, JSON)).build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
                r.body().string();
            }
        }
        // Up to the detectors' minimum hold and more: if, all the same, a pass ran slow enough to look like a stall,
        // the breaker stays open for that hold before the gateway sends the node work again.
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            try (Response r = HTTP.newCall(new Request.Builder().url(cluster.agent().baseUrl() + "/v1/completions")
                    .post(RequestBody.create("{\"model\":\"tiny-code\",\"prompt\":\"warm\",\"max_tokens\":8}", JSON)).build()).execute()) {
                return r.code() == 200;
            }
        });
    }

    @Test
    void shouldFreeTheNodesBlocksWhenANonStreamingClientLeaves() throws Exception {
        assertFreedWhenTheClientLeaves("/v1/completions",
                "{\"model\":\"tiny-code\",\"prompt\":\"an answer nobody waits for\",\"max_tokens\":2000}");
    }

    @Test
    void shouldFreeTheNodesBlocksWhenAStreamingClientLeaves() throws Exception {
        assertFreedWhenTheClientLeaves("/v1/chat/completions", "{\"model\":\"tiny-code\",\"max_tokens\":2000,"
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"an answer nobody reads\"}]}");
    }

    @Test
    void shouldNotCountALeavingClientAgainstTheNode() throws Exception {
        assertFreedWhenTheClientLeaves("/v1/completions",
                "{\"model\":\"tiny-code\",\"prompt\":\"again and again\",\"max_tokens\":2000,\"stream\":true}");
        JsonNode breaker = null;
        try (Response r = HTTP.newCall(new Request.Builder().url(cluster.agent().baseUrl() + "/api/v1/cluster")
                .header("Authorization", "Bearer " + TOKEN).build()).execute()) {
            for (JsonNode b : Json.mapper().readTree(r.body().string()).path("breakers")) {
                if (b.path("nodeId").asText().equals("node-1")) {
                    breaker = b;
                }
            }
        }
        assertThat(breaker).isNotNull();
        // Closed, unless a detector held it (a loaded machine can make a pass look like a stall): never for failures.
        String state = breaker.path("state").asText();
        String reason = breaker.path("reason").asText("");
        assertThat(state.equals("CLOSED") || !reason.isEmpty() && !reason.contains("failure rate"))
                .as("breaker " + state + ": " + reason).isTrue();
        assertThat(breaker.path("failureRatePercent").asDouble()).as("no failure recorded").isLessThanOrEqualTo(0);
    }

    private static void assertFreedWhenTheClientLeaves(String path, String body) throws IOException {
        long cancelledBefore = model().path("requestsByOutcome").path("cancelled").asLong();
        URI base = URI.create(cluster.agent().baseUrl());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket client = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = client.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> model().path("kv").path("blocksUsed").asLong() > 0);
        }
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            JsonNode model = model();
            assertThat(model.path("kv").path("blocksUsed").asLong()).isZero();
            assertThat(model.path("sequencesRunning").asInt()).isZero();
            assertThat(model.path("requestsByOutcome").path("cancelled").asLong()).isEqualTo(cancelledBefore + 1);
        });
    }

    private static JsonNode model() throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(cluster.node().baseUrl() + "/control/status").build()).execute()) {
            return Json.mapper().readTree(r.body().string()).path("models").path(0);
        }
    }
}
