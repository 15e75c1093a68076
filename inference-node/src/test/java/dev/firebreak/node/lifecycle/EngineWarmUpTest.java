package dev.firebreak.node.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.node.Node;
import dev.firebreak.node.NodeOptions;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.engine.batch.SchedulerLimits;
import dev.firebreak.node.engine.kv.KvBlockPool;
import dev.firebreak.node.engine.tensor.WeightType;
import dev.firebreak.node.http.Json;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A node that warms up: not ready and refusing requests until its rounds stop getting faster, then serving. */
class EngineWarmUpTest {

    private static final OkHttpClient HTTP = new OkHttpClient();

    @Test
    void shouldRefuseRequestsWhileWarmingThenServeWithoutCountingTheWarmUp() throws Exception {
        NodeOptions options = new NodeOptions(dev.firebreak.node.http.HttpSettings.of("127.0.0.1", 0), "node-warm", "warm-up-token", List.of("tiny-chat"), List.of(),
                WeightType.Q8_0, 8L << 20, 16, KvBlockPool.Isolation.SHARED, SchedulerLimits.defaults(), false, 0,
                Duration.ofSeconds(30));
        try (Node node = Node.start(options)) {
            // Holds the warm-up's first round, so the node is surely still warming while we look.
            node.engine().stallFor(Duration.ofSeconds(2).toNanos());

            try (Response ready = HTTP.newCall(new Request.Builder().url(node.baseUrl() + "/ready").build()).execute()) {
                assertThat(ready.code()).isEqualTo(503);
                assertThat(ready.body().string()).contains("warming");
            }
            try (Response refused = complete(node)) {
                assertThat(refused.code()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isNotNull();
                assertThat(refused.body().string()).contains("\"code\":\"warming_up\"");
            }

            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (node.control().snapshot().state() == NodeState.WARMING && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(node.control().snapshot().state()).isEqualTo(NodeState.SERVING);
            assertThat(node.control().snapshot().models().getFirst().requestsByOutcome())
                    .as("warm-up requests are not traffic").isEmpty();

            try (Response answered = complete(node)) {
                assertThat(answered.code()).isEqualTo(200);
            }
            JsonNode status = Json.mapper().valueToTree(node.control().snapshot());
            assertThat(status.at("/models/0/requestsByOutcome").size()).isEqualTo(1);
        }
    }

    @Test
    void shouldStopOnlyOnceTheLastRoundsNoLongerImprove() {
        assertThat(EngineWarmUp.plateau(List.of(900L, 400L, 200L, 100L))).as("too few rounds").isFalse();
        assertThat(EngineWarmUp.plateau(List.of(900L, 400L, 200L, 100L, 90L, 80L, 60L, 50L, 40L, 30L)))
                .as("still improving").isFalse();
        assertThat(EngineWarmUp.plateau(List.of(900L, 400L, 200L, 100L, 50L, 52L, 49L, 55L, 50L, 51L)))
                .as("flat for the last five").isTrue();
    }

    @Test
    void shouldWaitForTheCompilerToGoQuiet() {
        List<Long> rounds = List.of(900L, 400L, 200L, 100L, 50L, 50L, 50L, 50L, 50L, 50L);
        assertThat(EngineWarmUp.compilerQuiet(rounds, List.of(100L, 200L, 300L, 400L, 500L, 600L, 700L, 800L, 900L, 1000L)))
                .as("compiling 100 ms per 50 ms round").isFalse();
        assertThat(EngineWarmUp.compilerQuiet(rounds, List.of(100L, 200L, 300L, 400L, 500L, 505L, 506L, 507L, 508L, 510L)))
                .as("10 ms in the last 250 ms").isTrue();
        assertThat(EngineWarmUp.compilerQuiet(rounds, java.util.Collections.nCopies(10, -1L)))
                .as("not reported: the rounds decide").isTrue();
    }

    private static Response complete(Node node) throws IOException {
        return HTTP.newCall(new Request.Builder().url(node.baseUrl() + "/v1/completions")
                .post(RequestBody.create("{\"model\":\"tiny-chat\",\"prompt\":\"hello\",\"max_tokens\":4}",
                        MediaType.get("application/json"))).build()).execute();
    }
}
