package dev.firebreak.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.node.api.ControlResult;
import dev.firebreak.node.api.DrainDeadline;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.JvmHeap;
import dev.firebreak.node.api.KvCacheStatus;
import dev.firebreak.node.api.LatencySummary;
import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.api.NodeStatus;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.http.Json;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the one node-control client sends, and how it reads a node's answers and refusals. */
class NodeControlClientTest {

    private final MockWebServer node = new MockWebServer();
    private final NodeControlClient client = new NodeControlClient("control-token");

    @BeforeEach
    void start() throws IOException {
        node.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        client.close();
        node.close();
    }

    @Test
    void shouldSendTheDrainDeadlineInSecondsWithTheControlToken() throws Exception {
        answer(202, "{\"nodeId\":\"node-1\",\"state\":\"DRAINING\",\"drain\":{\"startedAtMillis\":1000,"
                + "\"deadlineMillis\":11000,\"sequencesLeft\":2,\"kvBlocksLeft\":8}}");

        ControlResult result = client.drain(url(), DrainDeadline.ofSeconds(10L));

        assertThat(result.state()).isEqualTo(NodeState.DRAINING);
        assertThat(result.drain().sequencesLeft()).isEqualTo(2);
        RecordedRequest request = node.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/control/drain");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer control-token");
        assertThat(body(request).get("deadlineSeconds").asLong()).isEqualTo(10);
    }

    @Test
    void shouldSendAdmissionForOneModel() throws Exception {
        answer(200, Json.mapper().writeValueAsString(new ModelStatus("tiny-chat", false, new KvCacheStatus(16, 100, 0, 100, 0, 0),
                0, 0, 0.0, Map.of(), LatencySummary.EMPTY, LatencySummary.EMPTY, 0)));

        client.admission(url() + "/", "tiny-chat", false);

        RecordedRequest request = node.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/control/admission");
        assertThat(body(request).get("model").asText()).isEqualTo("tiny-chat");
        assertThat(body(request).get("open").asBoolean()).isFalse();
    }

    @Test
    void shouldSendFaultsAsTheNodeReadsThem() throws Exception {
        answer(200, "{\"allowed\":true}");

        client.setFaults(url(), new FaultSettings(2, null, null, null, null, null, "tiny-code"));

        JsonNode sent = body(node.takeRequest());
        assertThat(Json.mapper().treeToValue(sent, FaultSettings.class))
                .isEqualTo(new FaultSettings(2, 0L, 0.0, 0.0, 0L, false, "tiny-code"));
    }

    @Test
    void shouldReportARefusalWithTheNodesErrorCode() {
        answer(403, "{\"error\":\"faults_not_allowed\",\"message\":\"fault injection is off\"}");

        assertThatThrownBy(() -> client.setFaults(url(), FaultSettings.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("faults_not_allowed");
                });
    }

    @Test
    void shouldReadTheStatusWithoutAToken() throws Exception {
        answer(200, Json.mapper().writeValueAsString(new NodeStatus("node-1", NodeState.SERVING, 0, 0, 0,
                new JvmHeap(1, 1, 1), null, FaultSettings.NONE, List.of())));

        assertThat(client.status(url()).state()).isEqualTo(NodeState.SERVING);

        RecordedRequest request = node.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getTarget()).isEqualTo("/control/status");
        assertThat(request.getHeaders().get("Authorization")).isNull();
    }

    private void answer(int code, String json) {
        node.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(json).build());
    }

    private String url() {
        return "http://" + node.getHostName() + ":" + node.getPort();
    }

    private static JsonNode body(RecordedRequest request) throws IOException {
        return Json.mapper().readTree(request.getBody().utf8());
    }
}
