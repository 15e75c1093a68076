package dev.firebreak.agent.watch;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.JvmHeap;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.api.NodeStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Node-down at once on certain evidence, with hysteresis on timeouts, and slow rather than down while it serves. */
class LivenessTest {

    private static final String TIMEOUT = "no answer within the scrape timeout";
    private static final List<String> NODES = List.of("node-1", "node-2", "node-3");

    private final ManualClock clock = new ManualClock();
    private final List<ClusterEvent> events = new ArrayList<>();
    private final Map<String, Long> answers = new ConcurrentHashMap<>();
    private final ClusterState state = new ClusterState("c", NODES.stream()
            .map(n -> new NodeConfig(n, "http://127.0.0.1:1", "token")).toList(), 1000, clock, events::add,
            new Liveness(3, node -> answers.getOrDefault(node, 0L)));

    @Test
    void shouldTakeARefusedOrResetConnectionForCertainEvidenceAndATimeoutNot() {
        assertThat(Liveness.certain(new ConnectException("Connection refused"))).isTrue();
        assertThat(Liveness.certain(new SocketException("Connection reset"))).isTrue();
        assertThat(Liveness.certain(new SocketTimeoutException("timeout"))).isFalse();
        assertThat(Liveness.certain(new IOException("unexpected end of stream"))).isFalse();
    }

    @Test
    void shouldNotTakeOneSlowScrapeOfEveryWarmingNodeForThreeDeadNodes() {
        NODES.forEach(n -> state.scraped(n, status(n, NodeState.WARMING)));
        clock.advance(1500);
        NODES.forEach(n -> state.scrapeFailed(n, TIMEOUT, false));
        clock.advance(100);
        NODES.forEach(n -> state.scraped(n, status(n, NodeState.WARMING)));

        assertThat(state.snapshot().nodes()).extracting(v -> v.health()).containsOnly(NodeHealth.UP);
        assertThat(events).extracting(ClusterEvent::type).doesNotContain("node-down");
    }

    @Test
    void shouldMarkASilentNodeDownAfterTheConfiguredTimeoutsInARow() {
        state.scraped("node-1", status("node-1", NodeState.SERVING));
        clock.advance(1000);
        state.scrapeFailed("node-1", TIMEOUT, false);
        clock.advance(750);
        state.scrapeFailed("node-1", TIMEOUT, false);
        assertThat(state.health("node-1")).isEqualTo(NodeHealth.UP);

        clock.advance(750);
        state.scrapeFailed("node-1", TIMEOUT, false);

        assertThat(state.health("node-1")).isEqualTo(NodeHealth.DOWN);
        assertThat(events).extracting(ClusterEvent::type).containsExactly("node-up", "node-down");
    }

    @Test
    void shouldCountTimeoutsAgainAfterAnAnswer() {
        state.scraped("node-1", status("node-1", NodeState.SERVING));
        for (int round = 0; round < 3; round++) {
            clock.advance(1000);
            state.scrapeFailed("node-1", TIMEOUT, false);
            clock.advance(750);
            state.scrapeFailed("node-1", TIMEOUT, false);
            state.scraped("node-1", status("node-1", NodeState.SERVING));
        }

        assertThat(events).extracting(ClusterEvent::type).containsExactly("node-up");
    }

    @Test
    void shouldReportANodeThatStillAnswersItsTrafficSlowNotDown() {
        state.scraped("node-2", status("node-2", NodeState.SERVING));
        for (int i = 1; i <= 6; i++) {
            clock.advance(750);
            answers.put("node-2", 10L * i);
            state.scrapeFailed("node-2", TIMEOUT, false);
        }

        assertThat(state.health("node-2")).isEqualTo(NodeHealth.UP);
        assertThat(events).extracting(ClusterEvent::type).containsExactly("node-up", "node-slow");
        assertThat(state.snapshot().nodes().get(1).lastError()).startsWith("slow: ").contains("still answering");

        for (int i = 0; i < 3; i++) {
            clock.advance(750);
            state.scrapeFailed("node-2", TIMEOUT, false);
        }
        assertThat(state.health("node-2")).as("no answers either now: down").isEqualTo(NodeHealth.DOWN);
    }

    private dev.firebreak.agent.api.NodeReport status(String id, NodeState nodeState) {
        return dev.firebreak.agent.engines.FirebreakEngine.report(new NodeStatus(id, nodeState, clock.millis(), clock.millis(), 0, new JvmHeap(1, 1, 1), null, FaultSettings.NONE,
                List.of()));
    }
}
