package dev.firebreak.agent.watch;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.JvmHeap;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.api.NodeStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterStateTest {

    private final ManualClock clock = new ManualClock();
    private final List<ClusterEvent> events = new ArrayList<>();
    private final ClusterState state = new ClusterState("c", List.of(
            new NodeConfig("node-1", "http://127.0.0.1:1", "token"),
            new NodeConfig("node-2", "http://127.0.0.1:2", "token")), 1000, clock, events::add);

    @Test
    void shouldKnowNothingBeforeTheFirstScrape() {
        assertThat(state.snapshot().nodes()).extracting(v -> v.health())
                .containsExactly(NodeHealth.UNKNOWN, NodeHealth.UNKNOWN);
        assertThat(events).isEmpty();
    }

    @Test
    void shouldMarkANodeUpWhenItAnswersAndSayItOnce() {
        state.scraped("node-1", report("node-1", NodeState.SERVING));
        state.scraped("node-1", report("node-1", NodeState.SERVING));

        assertThat(state.health("node-1")).isEqualTo(NodeHealth.UP);
        assertThat(events).extracting(ClusterEvent::type).containsExactly("node-up");
    }

    @Test
    void shouldMarkANodeDownAtOnceWhenTheConnectionIsRefused() {
        state.scraped("node-1", report("node-1", NodeState.SERVING));
        clock.advance(250);

        state.scrapeFailed("node-1", "connection refused", true);

        assertThat(state.health("node-1")).isEqualTo(NodeHealth.DOWN);
        assertThat(events).extracting(ClusterEvent::type).containsExactly("node-up", "node-down");
        assertThat(events.getLast().message()).contains("connection refused");
    }

    @Test
    void shouldWaitForTheDownThresholdWhenTheNodeIsOnlySilent() {
        state.scraped("node-1", report("node-1", NodeState.SERVING));
        clock.advance(750);
        state.scrapeFailed("node-1", "no answer within the scrape timeout", false);
        assertThat(state.health("node-1")).isEqualTo(NodeHealth.UP);

        clock.advance(250);
        state.scrapeFailed("node-1", "no answer within the scrape timeout", false);
        assertThat(state.health("node-1")).isEqualTo(NodeHealth.DOWN);
    }

    @Test
    void shouldRaiseNodeDownOnlyOnceWhileItStaysDown() {
        state.scrapeFailed("node-1", "connection refused", true);
        state.scrapeFailed("node-1", "connection refused", true);

        assertThat(events).extracting(ClusterEvent::type).containsExactly("node-down");
    }

    @Test
    void shouldKeepTheLastKnownStatusOfADownNode() {
        state.scraped("node-1", report("node-1", NodeState.DRAINING));
        state.scrapeFailed("node-1", "connection refused", true);

        assertThat(state.snapshot().nodes().getFirst().status().state()).isEqualTo(NodeState.DRAINING);
        assertThat(state.snapshot().nodes().getFirst().lastError()).isEqualTo("connection refused");
    }

    @Test
    void shouldRaiseAnEventWhenTheServingStateChanges() {
        state.scraped("node-2", report("node-2", NodeState.SERVING));
        state.scraped("node-2", report("node-2", NodeState.DRAINING));

        assertThat(events).extracting(ClusterEvent::type).containsExactly("node-up", "node-state");
        assertThat(events.getLast().message()).contains("DRAINING").contains("was SERVING");
    }

    @Test
    void shouldComeBackUpAfterBeingDown() {
        state.scrapeFailed("node-1", "connection refused", true);
        clock.advance(1000);
        state.scraped("node-1", report("node-1", NodeState.SERVING));

        assertThat(state.health("node-1")).isEqualTo(NodeHealth.UP);
        assertThat(state.snapshot().nodes().getFirst().healthSinceMillis()).isEqualTo(clock.millis());
    }

    private NodeStatus status(String id, NodeState nodeState) {
        return new NodeStatus(id, nodeState, clock.millis(), clock.millis(), 0, new JvmHeap(1, 1, 1), null, FaultSettings.NONE, List.of());
    }

    private dev.firebreak.agent.api.NodeReport report(String id, NodeState state) {
        return dev.firebreak.agent.engines.FirebreakEngine.report(status(id, state));
    }
}
