package dev.firebreak.agent.client;

import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.testing.NodeAndAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live stream sends the whole state once and then what changed each second; a client that
 * patches its state with every delta holds exactly the state a client that joined later was given whole.
 */
class StreamDeltasTest {

    private static final String TOKEN = "stream-test-token-0123";
    @TempDir
    static Path dir;
    private static NodeAndAgent cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = NodeAndAgent.start(dir, "deltas", TOKEN, "tiny-chat");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldHoldThroughDeltasTheSameStateAsALaterClientGetsWhole() throws Exception {
        List<ClusterSnapshot> patched = new CopyOnWriteArrayList<>();
        List<ClusterSnapshot> whole = new CopyOnWriteArrayList<>();
        try (AgentClient client = new AgentClient(cluster.agent().baseUrl(), TOKEN);
             StreamConnection early = client.openStream(StreamListener.of(patched::add, event -> { }))) {
            // A few seconds of deltas: the node's uptime, heap and counters move each second.
            await().atMost(Duration.ofSeconds(10)).until(() -> patched.size() >= 4);
            try (StreamConnection late = client.openStream(StreamListener.of(whole::add, event -> { }))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> !whole.isEmpty());
                ClusterSnapshot given = whole.getFirst();
                await().atMost(Duration.ofSeconds(5)).until(() -> patched.stream().anyMatch(s -> s.atMillis() == given.atMillis()));
                ClusterSnapshot built = patched.stream().filter(s -> s.atMillis() == given.atMillis()).findFirst().orElseThrow();

                assertThat(built).isEqualTo(given);
                assertThat(built.nodes()).singleElement().satisfies(n -> assertThat(n.status()).isNotNull());
            }
        }
        assertThat(patched).extracting(ClusterSnapshot::atMillis).as("one state a second, in order").isSorted();
        assertThat(patched.get(1).nodes().getFirst().lastSeenMillis())
                .as("the deltas carry what changed").isNotEqualTo(patched.get(0).nodes().getFirst().lastSeenMillis());
    }
}
