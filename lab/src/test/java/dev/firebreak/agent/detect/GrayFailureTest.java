package dev.firebreak.agent.detect;

import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.testing.Completions;
import dev.firebreak.lab.localcluster.LocalCluster;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that cuts answers short and reports them complete (the truncation fault, whole answers):
 * every response looks like a success, but its finish reasons drift from its peers', and the
 * agent says so and takes the node out of the model's path.
 */
class GrayFailureTest {

    @Test
    void shouldSpotAnswersCutShortButReportedCompleteAndOpenTheBreaker() throws Exception {
        OkHttpClient http = new OkHttpClient();
        try (TwoNodeCluster started = TwoNodeCluster.start("gray")) {
            LocalCluster cluster = started.cluster();
            AgentClient viewer = started.viewer();
            cluster.setFaults("node-2", new FaultSettings(null, null, null, 1.0, null, null));
            Request request = Completions.request(cluster.agentUrl(), "tiny-chat", "answer in full", 12).newBuilder()
                    .header("Authorization", "Bearer " + cluster.clientKey()).build();
            long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (System.nanoTime() < until && viewer.cluster().alerts().stream().noneMatch(a -> a.kind().equals("gray-failure"))) {
                for (int i = 0; i < 10; i++) {
                    try (Response r = http.newCall(request).execute()) {
                        assertThat(r.code()).as("every answer looks like a success").isIn(200, 429);
                    }
                }
            }

            assertThat(viewer.cluster().alerts()).anySatisfy(a -> {
                assertThat(a.kind()).isEqualTo("gray-failure");
                assertThat(a.node()).isEqualTo("node-2");
                assertThat(a.evidence()).contains("finish reasons drift");
            });
            assertThat(viewer.cluster().alerts()).extracting(Alert::node).doesNotContain("node-1");
            started.awaitBreakerOpen("node-2");
        }
    }
}
