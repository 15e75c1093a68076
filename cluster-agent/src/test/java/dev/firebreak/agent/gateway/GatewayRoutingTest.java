package dev.firebreak.agent.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.GatewayConfig;
import dev.firebreak.agent.config.ModelPolicy;
import dev.firebreak.agent.metrics.AgentMetrics;
import dev.firebreak.agent.overrides.Overrides;
import dev.firebreak.agent.testing.Nodes;
import dev.firebreak.node.http.HttpSettings;
import dev.firebreak.node.http.Json;
import dev.firebreak.node.http.Router;
import dev.firebreak.node.http.WebServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's own decisions (retry on another node, breakers, fallback, shedding, the retry
 * budget) against upstream nodes played by MockWebServer, through the gateway's real HTTP server,
 * with the clock in the test's hands.
 */
class GatewayRoutingTest {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String ANSWER = "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,"
            + "\"text\":\"hello\",\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
    private final List<MockWebServer> upstreams = new ArrayList<>();
    private Breakers breakers;
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        upstreams.forEach(MockWebServer::close);
    }

    /** A node answering every request with {@code status} (and a completion when 200). */
    private MockWebServer upstream(int status) throws IOException {
        MockWebServer upstream = new MockWebServer();
        upstream.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return status == 200
                        ? new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(ANSWER).build()
                        : new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                        .body("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":\"injected_fault\"}}").build();
            }
        });
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        upstreams.add(upstream);
        return upstream;
    }

    private static NodeView node(String id, MockWebServer upstream, String... models) {
        return node(id, upstream.url("/").toString().replaceAll("/$", ""), models);
    }

    private static NodeView node(String id, String url, String... models) {
        return Nodes.serving(id, url, Arrays.stream(models).map(model -> Nodes.model(model, 10)).toList());
    }

    private GatewayApi gateway(double retryBudget, List<ModelPolicy> models, NodeView... nodes) throws IOException {
        AgentConfig config = new AgentConfig("routing", null, null, List.of(),
                List.of(new AccessToken("ops", Role.OPERATOR, "routing-test-operator-token")),
                new GatewayConfig(0.9, 64, retryBudget, 5_000L, 2.0, 32, null), models, "unused.db", null);
        breakers = new Breakers(config.gateway().breaker(), transition -> { });
        GatewayApi gateway = GatewayApi.create(config, () -> List.of(nodes), breakers, new Overrides(), clock,
                new AgentMetrics(breakers::views, () -> List.of(nodes), List::of), dev.firebreak.agent.client.HttpClients.builder().build());
        server = WebServer.start(HttpSettings.of("127.0.0.1", 0), new Router()
                .post("/v1/completions", gateway.completions()));
        return gateway;
    }

    /** The upstreams of node-1 and node-2. */
    private record ChatNodes(MockWebServer first, MockWebServer second) {
    }

    /** A gateway with {@code retryBudget} in front of node-1 and node-2, both serving chat, answering {@code first} and {@code second}. */
    private ChatNodes chatOnTwoNodes(double retryBudget, int first, int second) throws IOException {
        ChatNodes nodes = new ChatNodes(upstream(first), upstream(second));
        gateway(retryBudget, List.of(), node("node-1", nodes.first(), "chat"), node("node-2", nodes.second(), "chat"));
        return nodes;
    }

    private Response complete(String model) throws IOException {
        return client.newCall(new Request.Builder().url(server.baseUrl() + "/v1/completions")
                .post(RequestBody.create("{\"model\":\"" + model + "\",\"prompt\":\"hi\",\"max_tokens\":4}", JSON)).build())
                .execute();
    }

    /** What the gateway answered one completion: the node it says served it, and the body. */
    private record Answer(String node, String body) {
    }

    /** Sends {@code times} completions for {@code model} one after another; each must answer {@code code}. */
    private List<Answer> complete(int times, String model, int code) throws IOException {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            try (Response r = complete(model)) {
                assertThat(r.code()).isEqualTo(code);
                answers.add(new Answer(r.header(GatewayApi.NODE_HEADER), r.body().string()));
            }
        }
        return answers;
    }

    @Test
    void shouldRetryOnAnotherNodeWhenOneFailsBeforeAnswering() throws IOException {
        ChatNodes nodes = chatOnTwoNodes(0.5, 500, 200);

        assertThat(complete(4, "chat", 200)).allSatisfy(answer -> {
            assertThat(answer.node()).isEqualTo("node-2");
            assertThat(Json.mapper().readTree(answer.body()).path("choices").path(0).path("text").asText())
                    .isEqualTo("hello");
        });
        assertThat(nodes.second().getRequestCount()).isEqualTo(4);
    }

    @Test
    void shouldOpenTheBreakerOfAFailingNodeAndStopSendingItWork() throws IOException {
        ChatNodes nodes = chatOnTwoNodes(1.0, 500, 200);

        complete(20, "chat", 200);
        assertThat(breakers.of("chat", "node-1").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int seenByTheFailingNode = nodes.first().getRequestCount();
        complete(10, "chat", 200);
        assertThat(nodes.first().getRequestCount()).as("nothing more reaches an open breaker's node").isEqualTo(seenByTheFailingNode);
        assertThat(breakers.of("chat", "node-2").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldServeTheFallbackModelAndSaySoWhenTheModelHasNoHealthyNode() throws Exception {
        MockWebServer failing = upstream(500);
        MockWebServer backup = upstream(200);
        gateway(1.0, List.of(new ModelPolicy("big", "small", null)),
                node("node-1", failing, "big"), node("node-2", backup, "small"));

        try (Response r = complete("big")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header(GatewayApi.FALLBACK_HEADER)).isEqualTo("big->small");
            assertThat(r.header(GatewayApi.MODEL_HEADER)).isEqualTo("small");
        }
        JsonNode forwarded = Json.mapper().readTree(backup.takeRequest().getBody().utf8());
        assertThat(forwarded.path("model").asText()).as("the backup node is asked for its own model").isEqualTo("small");
    }

    @Test
    void shouldShedWith429AndRetryAfterWhenEveryNodeFails() throws IOException {
        ChatNodes nodes = chatOnTwoNodes(1.0, 500, 500);

        try (Response r = complete("chat")) {
            assertThat(r.code()).isEqualTo(429);
            assertThat(r.header("Retry-After")).isEqualTo("1");
            JsonNode error = Json.mapper().readTree(r.body().string()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("capacity_exhausted");
            assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
            assertThat(error.path("message").asText()).contains("answered HTTP 500");
        }
        assertThat(nodes.first().getRequestCount()).as("each node tried once").isEqualTo(1);
        assertThat(nodes.second().getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldStopRetryingWhenTheBudgetIsSpentAndRefillItAsTheWindowMoves() throws IOException {
        ChatNodes nodes = chatOnTwoNodes(0.0, 500, 500);

        List<String> messages = new ArrayList<>();
        for (Answer answer : complete(4, "chat", 429)) {
            messages.add(Json.mapper().readTree(answer.body()).path("error").path("message").asText());
        }
        // A budget of no share still allows a few retries per window: three here, then none.
        assertThat(messages.subList(0, 3)).allSatisfy(m -> assertThat(m).doesNotContain("retry budget spent"));
        assertThat(messages.get(3)).contains("retry budget spent");
        assertThat(nodes.first().getRequestCount() + nodes.second().getRequestCount()).isEqualTo(3 * 2 + 1);

        now.addAndGet(10_000);
        try (Response r = complete("chat")) {
            assertThat(Json.mapper().readTree(r.body().string()).path("error").path("message").asText())
                    .doesNotContain("retry budget spent");
        }
    }

    @Test
    void shouldPassEachStreamedEventOnWithoutWaitingForTheNext() throws Exception {
        String first = "data: {\"choices\":[{\"index\":0,\"text\":\"Hello\",\"finish_reason\":null}]}\n\n";
        String rest = "data: {\"choices\":[{\"index\":0,\"text\":\" world\",\"finish_reason\":\"length\"}]}\n\ndata: [DONE]\n\n";
        CountDownLatch firstArrived = new CountDownLatch(1);
        AtomicBoolean restHeldForTheClient = new AtomicBoolean();
        try (ServerSocket node = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // A node that sends one event, then waits until the client has it before it sends the rest.
            Thread.ofVirtual().start(() -> {
                try (Socket call = node.accept()) {
                    BufferedSource request = Okio.buffer(Okio.source(call.getInputStream()));
                    long length = 0;
                    for (String header; !(header = request.readUtf8LineStrict()).isEmpty(); ) {
                        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Long.parseLong(header.substring(15).trim());
                        }
                    }
                    request.skip(length);
                    OutputStream answer = call.getOutputStream();
                    answer.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + first)
                            .getBytes(StandardCharsets.UTF_8));
                    answer.flush();
                    restHeldForTheClient.set(firstArrived.await(10, TimeUnit.SECONDS));
                    answer.write(rest.getBytes(StandardCharsets.UTF_8));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            gateway(0.2, List.of(), node("node-1", "http://127.0.0.1:" + node.getLocalPort(), "chat"));

            try (Response r = client.newCall(new Request.Builder().url(server.baseUrl() + "/v1/completions")
                    .post(RequestBody.create("{\"model\":\"chat\",\"prompt\":\"hi\",\"max_tokens\":2,\"stream\":true}", JSON))
                    .build()).execute()) {
                BufferedSource events = r.body().source();
                assertThat(events.readUtf8LineStrict()).contains("Hello");
                firstArrived.countDown();
                assertThat(events.readUtf8()).contains(" world").contains("[DONE]").doesNotContain("upstream_truncated");
            }
        }
        assertThat(restHeldForTheClient).as("the first event reached the client while the node held back the rest").isTrue();
    }
}
