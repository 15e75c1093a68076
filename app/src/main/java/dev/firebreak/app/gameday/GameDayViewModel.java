package dev.firebreak.app.gameday;

import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.fx.FxCoalescer;
import dev.firebreak.app.fx.Rows;
import dev.firebreak.lab.gameday.Scenario;
import dev.firebreak.lab.gameday.Scenarios;
import dev.firebreak.lab.loadgen.LoadStats;
import dev.firebreak.lab.localcluster.LocalCluster;
import dev.firebreak.node.api.FaultSettings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The game-day panel's state: each node's faults, the traffic generator's rates and what its
 * clients see, and the scenario running, if any. Commands go to the services; their answers come
 * back through {@code fxThread}. FX thread only.
 */
public final class GameDayViewModel {

    private final ObservableList<NodeFaults> nodes = FXCollections.observableArrayList();
    private final ObservableList<TrafficRow> traffic = FXCollections.observableArrayList();
    private final List<Scenario> scenarios = Scenarios.all();
    private final ObjectProperty<Scenario> scenario = new SimpleObjectProperty<>(scenarios.isEmpty() ? null : scenarios.getFirst());
    private final BooleanProperty scenarioRunning = new SimpleBooleanProperty();
    private final StringProperty scenarioLive = new SimpleStringProperty("");
    private final StringProperty scenarioResult = new SimpleStringProperty("");
    private final GameDayService service;
    private final ScenarioService scenarioService;
    private final ClusterTabs tabs;
    private final Consumer<String> status;
    private final Executor fxThread;

    /**
     * @param status shows a line in the cluster's status bar
     * @param fxThread runs the services' answers on the FX thread
     */
    public GameDayViewModel(GameDayService service, ScenarioService scenarioService, ClusterTabs tabs, Consumer<String> status,
                            Executor fxThread) {
        this.service = service;
        this.scenarioService = scenarioService;
        this.tabs = tabs;
        this.status = status;
        this.fxThread = fxThread;
    }

    /** Shows each node's faults as it reports them, by node id. */
    public void apply(ClusterFigures figures) {
        Rows.update(nodes, figures.nodes().stream().map(NodeFaults::of).sorted(Comparator.comparing(NodeFaults::id)).toList(),
                NodeFaults::id);
    }

    /** Shows what the traffic generator's clients see; {@code null} without a generator. */
    public void apply(LoadStats stats) {
        if (stats != null) {
            Rows.update(traffic, stats.models().stream().map(TrafficRow::of).toList(), TrafficRow::model);
        }
    }

    /** Switches {@code fault} on or off on {@code node}, keeping its other faults. */
    public void switchFault(NodeFaults node, Fault fault, boolean wanted) {
        String what = (wanted ? "Injected " : "Healed ") + fault.label().toLowerCase(Locale.ROOT) + " on " + node.id();
        apply(node, fault.set(node.faults(), wanted), what);
    }

    /** Kills the node's process at once, as a kill -9 would. */
    public void crash(NodeFaults node) {
        apply(node, new FaultSettings(null, null, null, null, null, true), "Crashed " + node.id());
    }

    private void apply(NodeFaults node, FaultSettings faults, String what) {
        service.applyFault(node.url(), faults, what, line -> fxThread.execute(() -> status.accept(line)));
    }

    /** Asks the traffic generator for {@code requestsPerSecond} of {@code model}, rounded to half a request. */
    public void setRate(String model, double requestsPerSecond) {
        service.setTrafficRate(model, Math.round(requestsPerSecond * 2) / 2.0);
    }

    /** Runs the chosen scenario; its cluster opens in a tab until it ends. */
    public void runScenario() {
        Scenario chosen = scenario.get();
        if (chosen == null || scenarioRunning.get()) {
            return;
        }
        scenarioRunning.set(true);
        scenarioResult.set("");
        scenarioLive.set("Starting " + chosen.name() + ": its nodes and agent...");
        FxCoalescer<LoadStats> live = new FxCoalescer<>(stats -> scenarioLive.set(stats.progressLine()), fxThread);
        Runnable[] closeTab = {() -> { }};
        scenarioService.run(chosen, new ScenarioService.Progress() {
            @Override
            public void clients(LoadStats stats) {
                live.submit(stats);
            }

            @Override
            public void started(LocalCluster cluster) {
                fxThread.execute(() -> closeTab[0] = tabs.open(cluster));
            }

            @Override
            public void finished(String outcome) {
                fxThread.execute(() -> {
                    closeTab[0].run();
                    scenarioLive.set(chosen.name() + " finished.");
                    scenarioResult.set(outcome);
                    scenarioRunning.set(false);
                });
            }
        });
    }

    public ObservableList<NodeFaults> nodes() {
        return nodes;
    }

    public ObservableList<TrafficRow> traffic() {
        return traffic;
    }

    /** The scenarios of the game-day report, in its order. */
    public List<Scenario> scenarios() {
        return scenarios;
    }

    public ObjectProperty<Scenario> scenarioProperty() {
        return scenario;
    }

    public BooleanProperty scenarioRunningProperty() {
        return scenarioRunning;
    }

    /** The running scenario's clients, each second, or how it ended. */
    public StringProperty scenarioLiveProperty() {
        return scenarioLive;
    }

    /** The last scenario's measured table; empty before one ends. */
    public StringProperty scenarioResultProperty() {
        return scenarioResult;
    }
}
