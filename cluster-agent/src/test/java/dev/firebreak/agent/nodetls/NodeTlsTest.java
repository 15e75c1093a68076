package dev.firebreak.agent.nodetls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.ActionRequest;
import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.ConfigLoader;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.config.NodeTlsConfig;
import dev.firebreak.node.Node;
import dev.firebreak.node.NodeOptions;
import dev.firebreak.node.http.HttpSettings;
import dev.firebreak.node.http.Json;
import dev.firebreak.node.testing.TestCertificates;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent's TLS towards its nodes, with real nodes and real agents in this JVM and certificates
 * made by openssl: mutual TLS for scrapes, control calls and gateway traffic; and what the agent
 * reports, in an operator's words, for a node it cannot trust (expired, for another host, signed
 * by another CA) or that does not take its client certificate.
 */
class NodeTlsTest {

    private static final String TOKEN = "node-tls-token-0123456789";
    private static final String MODEL = "tiny-code";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();

    @TempDir
    static Path dir;
    private static TestCertificates ca;
    private static TestCertificates otherCa;
    private static TestCertificates.Pair agentCertificate;
    /** Requires client certificates signed by {@code ca}. */
    private static Node mutual;
    private static Node expired;
    private static Node wrongHost;
    private static Agent agent;

    @BeforeAll
    static void start() throws IOException {
        ca = TestCertificates.ca(dir.resolve("ca"), "Firebreak Test CA");
        otherCa = TestCertificates.ca(dir.resolve("other-ca"), "Some Other CA");
        agentCertificate = ca.client("agent");
        TestCertificates.Pair node1 = ca.server("node-1");
        mutual = node("node-1", new HttpSettings.Tls(node1.certificate(), node1.key(), ca.caCertificate()));
        warmUp(mutual);
        TestCertificates.Pair old = ca.expiredServer("node-2");
        expired = node("node-2", new HttpSettings.Tls(old.certificate(), old.key()));
        TestCertificates.Pair elsewhere = ca.serverFor("node-3", "node-3.firebreak.example");
        wrongHost = node("node-3", new HttpSettings.Tls(elsewhere.certificate(), elsewhere.key()));
        agent = agent(dir.resolve("agent"), new NodeTlsConfig(ca.caCertificate(), agentCertificate.certificate(),
                agentCertificate.key(), null), watch("node-1", mutual), watch("node-2", expired), watch("node-3", wrongHost));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable started : new AutoCloseable[] {agent, mutual, expired, wrongHost}) {
            try {
                if (started != null) {
                    started.close();
                }
            } catch (Exception e) {
                System.getLogger(NodeTlsTest.class.getName()).log(System.Logger.Level.WARNING, "stopping: " + e);
            }
        }
    }

    @Test
    void shouldScrapeAndRouteToANodeThatRequiresTheAgentsClientCertificate() throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> "UP".equals(node(agent, "node-1").path("health").asText()));

        // On a loaded machine the node's first answers may be slow enough for the stall detector to
        // open its breaker for a few seconds: what counts is that the gateway's traffic gets through.
        java.util.concurrent.atomic.AtomicReference<String> servedBy = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try (Response r = complete(agent)) {
                servedBy.set(r.code() == 200 ? r.header("X-Firebreak-Node") : null);
                return r.code() == 200;
            }
        });
        assertThat(servedBy.get()).isEqualTo("node-1");
    }

    @Test
    void shouldMakeControlCallsWithTheClientCertificate() throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> "UP".equals(node(agent, "node-1").path("health").asText()));

        ActionRequest resume = new ActionRequest(ActionType.RESUME, null, "node-1", null, null, null, null,
                "mTLS control call", "node-tls-resume", null);
        try (Response r = HTTP.newCall(new Request.Builder().url(agent.baseUrl() + "/api/v1/actions")
                .header("Authorization", "Bearer " + TOKEN)
                .post(RequestBody.create(Json.mapper().writeValueAsString(resume), JSON)).build()).execute()) {
            String body = r.body().string();
            assertThat(r.code()).as(body).isEqualTo(200);
            assertThat(body).doesNotContain("TLS", "401");
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> untrusted() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("node-2", "(CN=node-2) expired on 2025-01-02T00:00:00Z"),
                org.junit.jupiter.params.provider.Arguments.of("node-3", "is for host node-3.firebreak.example, not 127.0.0.1"));
    }

    /** node-2's certificate expired; node-3's is for another host. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("untrusted")
    void shouldRefuseANodeCertificateItCannotTrustSayingWhy(String id, String why) {
        String port = port(id.equals("node-2") ? expired : wrongHost);
        await().atMost(Duration.ofSeconds(20)).until(() -> node(agent, id).path("lastError").asText().startsWith("TLS: "));

        assertThat(node(agent, id).path("lastError").asText()).isEqualTo("TLS: certificate of 127.0.0.1:" + port + " " + why);
    }

    @Test
    void shouldSayThatANodeWantsAClientCertificateTheAgentDoesNotHave() throws IOException {
        try (Agent without = agent(dir.resolve("no-client-certificate"), new NodeTlsConfig(ca.caCertificate(), null, null, null),
                watch("node-1", mutual))) {
            String port = port(mutual);
            await().atMost(Duration.ofSeconds(20)).until(() -> node(without, "node-1").path("lastError").asText()
                    .startsWith("TLS: "));

            assertThat(node(without, "node-1").path("lastError").asText()).isEqualTo("TLS: 127.0.0.1:" + port
                    + " requires a client certificate and the agent presented none: set scrape.tls.certificate and scrape.tls.key");
            try (Response r = complete(without)) {
                assertThat(r.code()).isNotEqualTo(200);
            }
        }
    }

    @Test
    void shouldTakeARotatedCaAndClientCertificateWithoutARestart() throws IOException {
        // Starts trusting the wrong CA and presenting a certificate the node's CA did not sign.
        Path folder = Files.createDirectories(dir.resolve("rotated"));
        Path trusted = Files.copy(otherCa.caCertificate(), folder.resolve("ca.pem"));
        TestCertificates.Pair stranger = otherCa.client("stranger");
        Path certificate = Files.copy(stranger.certificate(), folder.resolve("agent.pem"));
        Path key = Files.copy(stranger.key(), folder.resolve("agent-key.pem"));
        try (Agent rotating = agent(folder, new NodeTlsConfig(trusted, certificate, key, null), watch("node-1", mutual))) {
            String port = port(mutual);
            await().atMost(Duration.ofSeconds(20)).until(() -> node(rotating, "node-1").path("lastError").asText()
                    .startsWith("TLS: "));
            assertThat(node(rotating, "node-1").path("lastError").asText()).isEqualTo("TLS: certificate of 127.0.0.1:" + port
                    + " (CN=node-1, issued by CN=Firebreak Test CA) is not signed by a CA the agent trusts (scrape.tls.ca "
                    + trusted + ")");

            Files.copy(ca.caCertificate(), trusted, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(20)).until(() -> node(rotating, "node-1").path("lastError").asText()
                    .contains("refused the agent's client certificate"));
            assertThat(node(rotating, "node-1").path("lastError").asText()).startsWith("TLS: 127.0.0.1:" + port
                    + " refused the agent's client certificate (");

            Files.copy(agentCertificate.key(), key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(agentCertificate.certificate(), certificate, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(20)).until(() -> "UP".equals(node(rotating, "node-1").path("health").asText())
                    && node(rotating, "node-1").path("lastError").isNull());
        }
    }

    private static Node node(String id, HttpSettings.Tls tls) throws IOException {
        NodeOptions o = NodeOptions.forTests(id, TOKEN, List.of(MODEL));
        return Node.start(new NodeOptions(o.http().withTls(tls), o.nodeId(), o.controlToken(), o.presets(), o.modelFiles(),
                o.presetWeights(), o.kvBytes(), o.blockTokens(), o.isolation(), o.limits(), o.allowFaults(), o.cpus(), o.warmUp()));
    }

    /**
     * One request straight to the node, through the agent's own client for nodes, before an agent
     * watches it: a node's first request warms its kernels, seconds that the stall detector would
     * rightly call a stall.
     */
    private static void warmUp(Node node) throws IOException {
        try (NodeTls tls = NodeTls.start(new NodeTlsConfig(ca.caCertificate(), agentCertificate.certificate(),
                agentCertificate.key(), null))) {
            OkHttpClient http = tls.builder().readTimeout(Duration.ofSeconds(60)).build();
            try (Response r = http.newCall(new Request.Builder().url(node.baseUrl() + "/v1/completions")
                    .post(RequestBody.create("{\"model\":\"" + MODEL + "\",\"prompt\":\"warm up\",\"max_tokens\":2}", JSON))
                    .build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }
        }
    }

    /** An agent written as an operator would: its YAML file, with scrape.tls, read by the loader. */
    private static Agent agent(Path folder, NodeTlsConfig tls, NodeConfig... watched) throws IOException {
        Files.createDirectories(folder);
        AgentConfig config = new AgentConfig("node-tls", new AgentConfig.Listen("127.0.0.1", 0),
                new AgentConfig.Scrape(null, null, null, tls), List.of(watched),
                List.of(new dev.firebreak.agent.config.AccessToken("ops", dev.firebreak.agent.api.Role.OPERATOR, TOKEN)),
                dev.firebreak.agent.config.GatewayConfig.defaults().withOpen(true), null,
                folder.resolve("agent.db").toString(), null);
        Path file = Files.writeString(folder.resolve("agent.yaml"), ConfigLoader.yaml(config));
        try {
            return Agent.start(ConfigLoader.load(file, Map.of()), InstantSource.system());
        } catch (dev.firebreak.agent.config.ConfigException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static NodeConfig watch(String id, Node node) {
        return new NodeConfig(id, node.baseUrl(), TOKEN);
    }

    private static String port(Node node) {
        return Integer.toString(java.net.URI.create(node.baseUrl()).getPort());
    }

    private static JsonNode node(Agent agent, String id) {
        try (Response r = HTTP.newCall(new Request.Builder().url(agent.baseUrl() + "/api/v1/cluster")
                .header("Authorization", "Bearer " + TOKEN).build()).execute()) {
            for (JsonNode node : Json.mapper().readTree(r.body().string()).path("nodes")) {
                if (node.path("id").asText().equals(id)) {
                    return node;
                }
            }
            throw new AssertionError("the agent does not list " + id);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Response complete(Agent agent) throws IOException {
        return HTTP.newCall(new Request.Builder().url(agent.baseUrl() + "/v1/completions")
                .post(RequestBody.create("{\"model\":\"" + MODEL + "\",\"prompt\":\"over mTLS\",\"max_tokens\":4}", JSON))
                .build()).execute();
    }
}
