package dev.firebreak.agent.drain;

import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.ActionRequest;
import dev.firebreak.agent.api.ActionResult;
import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.GatewayConfig;
import dev.firebreak.agent.config.NodeConfig;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running agent watching a vLLM face and a plain OpenAI server (MockWebServer, their documented
 * endpoints): the kinds and the n/a figures with their reasons reach the API, and the OpenAI node,
 * which has no drain endpoint, is drained at the gateway with its request in flight answered.
 */
class ForeignNodesTest {

    private static final String OPERATOR = "operator-token-0123456789";
    private static final String VLLM_METRICS = """
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{model_name="llama"} 1.0
            # TYPE vllm:num_requests_waiting gauge
            vllm:num_requests_waiting{model_name="llama"} 0.0
            # TYPE vllm:kv_cache_usage_perc gauge
            vllm:kv_cache_usage_perc{model_name="llama"} 0.25
            """;

    @TempDir
    Path dir;

    @Test
    void shouldShowForeignKindsAndDrainAnOpenAiNodeAtTheGatewayLosingNoRequest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean arrived = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        try (MockWebServer vllm = face(path -> switch (path) {
            case "/health" -> ok("text/plain", "");
            case "/metrics" -> ok("text/plain; version=0.0.4", VLLM_METRICS);
            case "/v1/models" -> ok("application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"llama\"}]}");
            default -> new MockResponse.Builder().code(404).build();
        }); MockWebServer openai = face(path -> switch (path) {
            case "/v1/models" -> ok("application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"gpt\"}]}");
            case "/v1/chat/completions" -> {
                requests.incrementAndGet();
                arrived.set(true);
                try {
                    release.await(10, TimeUnit.SECONDS); // held in flight until the test lets it finish
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield ok("application/json", "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt\",\"choices\":"
                        + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}");
            }
            default -> new MockResponse.Builder().code(404).build();
        })) {
            AgentConfig config = new AgentConfig("mixed", new AgentConfig.Listen("127.0.0.1", 0), null,
                    List.of(new NodeConfig("vllm-1", url(vllm), null, NodeKind.VLLM),
                            new NodeConfig("api-1", url(openai), null, NodeKind.OPENAI)),
                    List.of(new AccessToken("op", Role.OPERATOR, OPERATOR)), GatewayConfig.defaults().withOpen(true), null,
                    dir.resolve("agent.db").toString(), null);
            try (Agent agent = Agent.start(config, InstantSource.system()); AgentClient client = new AgentClient(agent.baseUrl(),
                    OPERATOR)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> node(client, "api-1").status() != null
                        && node(client, "vllm-1").status() != null);
                NodeView v = node(client, "vllm-1");
                ModelReport llama = v.status().models().getFirst();
                assertThat(v.kind()).isEqualTo(NodeKind.VLLM);
                assertThat(llama.kv().usage()).isEqualTo(0.25);
                assertThat(llama.kv().blocksOrphaned()).isNull();
                assertThat(llama.unavailable().get("kv.blocksOrphaned")).contains("vLLM does not report");
                NodeView api = node(client, "api-1");
                assertThat(api.status().models().getFirst().sequencesRunning()).isNull();
                assertThat(api.status().unavailable()).containsKey("faults");

                CompletableFuture<Integer> inFlight = CompletableFuture.supplyAsync(() -> chat(agent, "gpt"));
                await().atMost(Duration.ofSeconds(5)).untilTrue(arrived);
                ActionResult drained = client.act(new ActionRequest(ActionType.DRAIN, null, "api-1", null, null, null, 30L,
                        "move off the old gateway", "drain-api-1", null));
                assertThat(drained.decision()).isEqualTo("APPLIED");
                assertThat(drained.outcome()).contains("drained at the gateway").contains("1 in flight");
                await().atMost(Duration.ofSeconds(5)).until(() -> node(client, "api-1").status().drain() != null);
                assertThat(node(client, "api-1").status().drain().sequencesLeft()).isEqualTo(1);
                assertThat(chat(agent, "gpt")).isEqualTo(429);

                release.countDown();
                assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo(200);
                await().atMost(Duration.ofSeconds(5)).until(() -> node(client, "api-1").status().state().name().equals("DRAINED"));

                // Per-model admission, at the gateway for an engine without its own: the model is moved off the node.
                client.act(new ActionRequest(ActionType.RESUME, null, "api-1", null, null, null, null, "back", "resume-api-1",
                        null, null));
                await().atMost(Duration.ofSeconds(5)).until(() -> chat(agent, "gpt") == 200);
                ActionResult closed = client.act(new ActionRequest(ActionType.REROUTE, "gpt", "api-1", null, null, null, null,
                        "gpt off api-1", "reroute-gpt", null, null));
                assertThat(closed.outcome()).isEqualTo("no new gpt requests go to api-1");
                int before = requests.get();
                assertThat(chat(agent, "gpt")).as("no node admits gpt").isEqualTo(429);
                assertThat(requests.get()).as("requests that reached api-1 after its admission closed").isEqualTo(before);
                client.act(new ActionRequest(ActionType.CLEAR, null, null, null, null, closed.auditId(), null, "reopen",
                        "clear-reroute-gpt", null, null));
                assertThat(chat(agent, "gpt")).isEqualTo(200);
                assertThat(requests.get()).isEqualTo(before + 1);
            }
        }
    }

    private interface Answers {
        MockResponse at(String path);
    }

    private static MockWebServer face(Answers answers) throws IOException {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answers.at(request.getTarget());
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    private static MockResponse ok(String type, String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", type).body(body).build();
    }

    private static String url(MockWebServer server) {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    private static NodeView node(AgentClient client, String id) throws IOException {
        return client.cluster().nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    private static int chat(Agent agent, String model) {
        Request request = new Request.Builder().url(agent.baseUrl() + "/v1/chat/completions").post(RequestBody.create(
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                MediaType.get("application/json"))).build();
        try (Response response = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build().newCall(request).execute()) {
            return response.code();
        } catch (IOException e) {
            return -1;
        }
    }
}
