package dev.firebreak.agent.history;

import dev.firebreak.agent.api.KvReport;
import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.agent.api.ModelSample;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeReport;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.node.api.NodeState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A quarter hour of a series: every second of the last two minutes, one sample in five before. */
class HistoryTest {

    private static final History.Key KEY = new History.Key("node-1", "chat");

    private static List<NodeView> node(int running) {
        ModelReport model = new ModelReport("chat", true, new KvReport(0.5, 16, 100L, 50L, 50L, 0L), running, 0, 1.0, Map.of(),
                null, null, null, 0L, 0L, 0L, Map.of());
        NodeReport report = new NodeReport(NodeState.SERVING, null, 0L, null, null, null, null, List.of(model), Map.of(), List.of());
        return List.of(new NodeView("node-1", "http://127.0.0.1:1", NodeKind.FIREBREAK, NodeHealth.UP, report, 0, 0, null));
    }

    @Test
    void shouldKeepEverySecondOfTheLastTwoMinutesAndThinTheRest() {
        History history = new History();
        for (int t = 0; t < 2_000; t++) {
            history.sample(t * 1000L, node(t), (n, m) -> ModelSample.GatewayCounts.NONE);
        }

        List<ModelSample> minute = history.recent(KEY, 60);
        assertThat(minute).hasSize(60);
        assertThat(minute.getFirst().running()).isEqualTo(1940);
        assertThat(minute.getLast().running()).isEqualTo(1999);

        List<ModelSample> quarter = history.recent(KEY, 900);
        assertThat(quarter.getLast().atMillis() - quarter.getFirst().atMillis()).isBetween(895_000L, 900_000L);
        assertThat(quarter).hasSizeBetween(History.FULL_SECONDS + 150, History.FULL_SECONDS + 160);
        for (int i = 1; i < quarter.size(); i++) {
            long step = quarter.get(i).atMillis() - quarter.get(i - 1).atMillis();
            assertThat(step).isIn(1000L, History.COARSE_SECONDS * 1000L);
        }
        assertThat(history.recent(KEY, 5_000)).hasSameSizeAs(quarter);
    }
}
