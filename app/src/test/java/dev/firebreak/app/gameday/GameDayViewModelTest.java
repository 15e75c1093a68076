package dev.firebreak.app.gameday;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.app.connection.ClusterConnection;
import dev.firebreak.app.connection.ClusterTarget;
import dev.firebreak.app.testing.Figured;
import dev.firebreak.lab.loadgen.LoadStats;
import dev.firebreak.lab.loadgen.ModelStats;
import dev.firebreak.lab.loadgen.ModelTotals;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.NodeState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.firebreak.app.testing.Clusters.model;
import static dev.firebreak.app.testing.Clusters.node;
import static dev.firebreak.app.testing.Clusters.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GameDayViewModelTest {

    // Never started: no local cluster runs, so a fault cannot be applied and says so.
    private final ClusterConnection connection = new ClusterConnection(new ClusterTarget.Local(1), InstantSource.system());
    private final List<String> status = new CopyOnWriteArrayList<>();
    private final List<String> tabs = new ArrayList<>();

    private GameDayViewModel viewModel(ScenarioService scenarios) {
        return new GameDayViewModel(new GameDayService(connection), scenarios, cluster -> {
            tabs.add("open");
            return () -> tabs.add("close");
        }, status::add, Runnable::run);
    }

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void shouldShowEachNodesFaultsByNodeId() {
        GameDayViewModel model = viewModel(new ScenarioService());
        FaultSettings leaking = Fault.KV_LEAK.set(FaultSettings.NONE, true);

        model.apply(Figured.of(snapshot(0, node("node-2", NodeHealth.UP, NodeState.SERVING, leaking, model("chat", 0, 0, 0, 0, 0)),
                node("node-1", NodeHealth.DOWN, NodeState.SERVING, model("chat", 0, 0, 0, 0, 0)))));

        assertThat(model.nodes()).extracting(NodeFaults::id, NodeFaults::up).containsExactly(
                org.assertj.core.groups.Tuple.tuple("node-1", false), org.assertj.core.groups.Tuple.tuple("node-2", true));
        assertThat(model.nodes().get(1).isOn(Fault.KV_LEAK)).isTrue();
        assertThat(model.nodes().get(1).isOn(Fault.STALL)).isFalse();
    }

    @Test
    void shouldNotOfferFaultsOnAnEngineThatHasNoFaultInjection() {
        GameDayViewModel model = viewModel(new ScenarioService());
        var firebreak = node("node-1", NodeHealth.UP, NodeState.SERVING, model("chat", 0, 0, 0, 0, 0));
        var vllm = new dev.firebreak.agent.api.NodeView("vllm-1", "http://vllm-1:8000", dev.firebreak.agent.api.NodeKind.VLLM,
                NodeHealth.UP, firebreak.status(), 0, 0, null);

        model.apply(Figured.of(snapshot(0, firebreak, vllm)));

        assertThat(model.nodes()).extracting(NodeFaults::id, NodeFaults::switchable).containsExactly(
                org.assertj.core.groups.Tuple.tuple("node-1", true), org.assertj.core.groups.Tuple.tuple("vllm-1", false));
        assertThat(model.nodes().get(1).unavailable())
                .isEqualTo("fault injection is a Firebreak node's (its /control/faults); a vllm engine has none");
    }

    @Test
    void shouldShowWhatTheTrafficGeneratorsClientsSee() {
        GameDayViewModel model = viewModel(new ScenarioService());
        ModelTotals totals = new ModelTotals(0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0);

        model.apply(new LoadStats(10, 5, 1, true, List.of(new ModelStats("chat", 2, 2, 1.5, 0.5, 0, 0, 10, 20, 30, 40, totals))));
        model.apply((LoadStats) null);

        TrafficRow chat = model.traffic().getFirst();
        assertThat(chat.target()).isEqualTo("2.0 req/s");
        assertThat(chat.seen()).isEqualTo("answered 1.5/s · errors 0.5/s · shed 0.0/s · truncated 0.0/s · p99 40 ms");
    }

    @Test
    void shouldSayWhatCameOfAFault() {
        GameDayViewModel model = viewModel(new ScenarioService());
        model.apply(Figured.of(snapshot(0, node("node-1", NodeHealth.UP, NodeState.SERVING, model("chat", 0, 0, 0, 0, 0)))));

        model.switchFault(model.nodes().getFirst(), Fault.KV_LEAK, true);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(status)
                .containsExactly("Injected kv leak on node-1 failed: the local cluster is not running"));
    }

    @Test
    void shouldRunOneScenarioAtATimeInATabOfItsOwnAndShowItsTable() {
        GameDayViewModel model = viewModel(new ScenarioService((scenario, progress) -> {
            progress.started(null);
            return "| table of " + scenario.name() + " |";
        }));
        String name = model.scenarioProperty().get().name();

        model.runScenario();

        await().atMost(Duration.ofSeconds(5)).until(() -> !model.scenarioRunningProperty().get());
        assertThat(tabs).containsExactly("open", "close");
        assertThat(model.scenarioLiveProperty().get()).isEqualTo(name + " finished.");
        assertThat(model.scenarioResultProperty().get()).isEqualTo("| table of " + name + " |");
    }

    @Test
    void shouldSayWhyAScenarioFailed() {
        GameDayViewModel model = viewModel(new ScenarioService((scenario, progress) -> {
            throw new IllegalStateException("no free ports");
        }));

        model.runScenario();

        await().atMost(Duration.ofSeconds(5)).until(() -> !model.scenarioRunningProperty().get());
        assertThat(model.scenarioResultProperty().get()).endsWith("failed: no free ports");
        assertThat(tabs).as("no cluster, no tab").isEmpty();
    }
}
