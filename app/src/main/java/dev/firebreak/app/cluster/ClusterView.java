package dev.firebreak.app.cluster;

import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.client.NodeControlClient;
import dev.firebreak.app.actions.ClusterActions;
import dev.firebreak.app.actions.ConfirmationPane;
import dev.firebreak.app.audit.AuditView;
import dev.firebreak.app.breakers.BreakersView;
import dev.firebreak.app.breakers.OverridesView;
import dev.firebreak.app.charts.ChartsView;
import dev.firebreak.app.connection.ClusterConnection;
import dev.firebreak.app.connection.ConnectionBanner;
import dev.firebreak.app.connection.ConnectionViewModel;
import dev.firebreak.app.connection.ConsoleState;
import dev.firebreak.app.events.EventsView;
import dev.firebreak.app.figures.ModelFigures;
import dev.firebreak.app.fx.FxCoalescer;
import dev.firebreak.app.gameday.GameDayView;
import dev.firebreak.app.gameday.ScenarioPanel;
import dev.firebreak.app.gameday.TrafficPanel;
import dev.firebreak.app.models.ModelsView;
import dev.firebreak.app.nodes.NodeRow;
import dev.firebreak.app.nodes.NodesView;
import dev.firebreak.app.nodes.NodesViewModel;
import dev.firebreak.app.overview.OverviewView;
import dev.firebreak.lab.localcluster.LocalCluster;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * Everything the console shows of one cluster: the connection banner, the overview tiles, node
 * and model tables, charts, breakers and overrides, the audit log, the event timeline and, for a
 * local cluster, the game-day panel; every action through one confirmation.
 */
public final class ClusterView extends StackPane {

    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    private final ClusterConnection connection;
    private final ConnectionViewModel connectionModel = new ConnectionViewModel();
    private final NodesViewModel nodesModel = new NodesViewModel();
    private final ConfirmationPane confirmation = new ConfirmationPane();
    private final Label actionStatus = new Label();
    private final ClusterActions actions;
    private final TabPane tabs = new TabPane();
    private final NodesView nodes;
    private final ModelsView models;
    private final BreakersView breakers;
    private final InstantSource clock;
    private ScheduledExecutorService ticker;
    private final NodeControlClient nodeControl;

    /**
     * @param scenarioTabs opens a tab on a game-day scenario's own cluster while it runs
     * @param onAlert receives, on the FX thread, each new detector alert and each node-down event, for
     *                notifications (breaker moves are on the tiles and the timeline, not announced)
     */
    public ClusterView(ClusterConnection connection, InstantSource clock, Consumer<String> onAlert,
                       ScenarioPanel.ClusterTabs scenarioTabs) {
        this.connection = connection;
        setId("cluster-view");
        this.actions = new ClusterActions(confirmation, connection, connectionModel::state, actionStatus::setText);
        var unavailable = connectionModel.actionsUnavailableProperty();

        OverviewView overview = new OverviewView();
        nodes = new NodesView(nodesModel, connectionModel.staleProperty(), unavailable, row -> actions.drainOrResume(row.id()));
        models = new ModelsView(unavailable, new ModelsView.ModelActions() {
            @Override
            public void reroute(String model) {
                actions.reroute(model);
            }

            @Override
            public void fallback(String model) {
                actions.fallback(model);
            }

            @Override
            public void tripEverywhere(String model, boolean reset) {
                actions.tripEverywhere(model, reset);
            }
        });
        ChartsView charts = new ChartsView(connection::scopeTrends);
        breakers = new BreakersView(unavailable, actions::tripOrReset);
        OverridesView overrides = new OverridesView(unavailable, actions::clear);
        SplitPane breakersAndOverrides = new SplitPane(breakers, overrides);
        breakersAndOverrides.setOrientation(Orientation.VERTICAL);
        AuditView audit = new AuditView();
        EventsView events = new EventsView();

        tabs.getTabs().addAll(tab("Overview", overview), tab("Nodes", nodes), tab("Models", models), tab("Charts", charts),
                tab("Breakers", breakersAndOverrides), tab("Audit", audit));
        tabs.setId("cluster-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        nodeControl = connection.target() instanceof dev.firebreak.app.connection.ClusterTarget.Local
                ? new NodeControlClient("") : null;
        TrafficPanel traffic = nodeControl == null ? null : new TrafficPanel((model, rps) ->
                Thread.ofVirtual().start(() -> connection.setTrafficRate(model, rps)));
        GameDayView gameDay = nodeControl == null ? null : new GameDayView((node, faults, what) ->
                Thread.ofVirtual().start(() -> applyFault(node.url(), faults, what)), traffic, new ScenarioPanel(scenarioTabs));
        if (gameDay != null) {
            tabs.getTabs().add(tab("Game day", gameDay));
        }

        Label eventsTitle = new Label("Events");
        eventsTitle.getStyleClass().add("section-title");
        VBox timeline = new VBox(4, eventsTitle, events);
        VBox.setVgrow(events, javafx.scene.layout.Priority.ALWAYS);
        timeline.getStyleClass().add("timeline");
        SplitPane center = new SplitPane(tabs, timeline);
        center.setDividerPositions(0.74);
        connectionModel.staleProperty().subscribe(stale -> center.pseudoClassStateChanged(STALE, stale));

        actionStatus.setId("action-status");
        actionStatus.getStyleClass().add("action-status");
        BorderPane main = new BorderPane(center);
        main.setTop(new ConnectionBanner(connectionModel));
        main.setBottom(actionStatus);
        main.getStyleClass().add("console");
        getChildren().addAll(main, confirmation);

        AlertWatch alerts = new AlertWatch();
        FxCoalescer<ConsoleState> toScreen = new FxCoalescer<>(state -> {
            connectionModel.apply(state, clock.millis());
            if (state.snapshot() != null) {
                nodesModel.apply(state.snapshot(), state.figures());
                breakers.show(state.snapshot().breakers());
                overrides.show(state.snapshot().overrides());
                overview.show(state.figures());
                models.show(state.figures().models());
                charts.show(state.figures());
                if (gameDay != null) {
                    gameDay.show(state.figures());
                    traffic.show(state.traffic());
                }
                alerts.newAlerts(state.snapshot().alerts()).forEach(a -> onAlert.accept(describe(a)));
            }
            events.show(state.events());
            alerts.newEvents(state.events()).forEach(e -> onAlert.accept(e.message()));
            audit.show(state.audit());
        });
        connection.setListener(toScreen::submit);

        this.clock = clock;
    }

    private void applyFault(String nodeUrl, dev.firebreak.node.api.FaultSettings faults, String what) {
        LocalCluster local = connection.localCluster();
        String result;
        if (local == null) {
            result = what + " failed: the local cluster is not running";
        } else {
            try (NodeControlClient client = new NodeControlClient(local.controlToken())) {
                client.setFaults(nodeUrl, faults);
                result = what + ": done";
            } catch (IOException e) {
                // A crash answers with a dropped connection: the node is gone, as asked.
                result = faults.crash() ? what + ": the node exited" : what + " failed: " + e.getMessage();
            }
        }
        String text = result;
        Platform.runLater(() -> actionStatus.setText(text));
    }

    private static String describe(Alert a) {
        return a.kind() + (a.node() == null ? "" : " on " + a.node()) + (a.model() == null ? "" : " (" + a.model() + ")")
                + ": " + a.evidence();
    }

    private static Tab tab(String title, javafx.scene.Node content) {
        Tab tab = new Tab(title, content);
        tab.setId("tab-" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        return tab;
    }

    /** Starts the connection and the banner's clock. */
    public void start() {
        // Ages on the banner move once a second. Not a Timeline: a running animation makes JavaFX
        // pulse 60 times a second, and the console would redraw all the time for one label.
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("console-banner-clock").factory());
        ticker.scheduleAtFixedRate(() -> Platform.runLater(() -> connectionModel.tick(clock.millis())), 1, 1, TimeUnit.SECONDS);
        connection.start();
    }

    /** Stops the connection (and the local cluster it started). */
    public void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (nodeControl != null) {
            nodeControl.close();
        }
        connection.close();
    }

    public ConnectionViewModel connectionModel() {
        return connectionModel;
    }

    public ClusterConnection connection() {
        return connection;
    }

    /** Ctrl+D: drain or resume the node selected in the node table. */
    public void drainOrResumeSelected() {
        NodeRow row = nodes.getSelectionModel().getSelectedItem();
        if (row == null) {
            actionStatus.setText("Select a node in the Nodes tab first (Ctrl+D drains or resumes it).");
            return;
        }
        actions.drainOrResume(row.id());
    }

    /** Ctrl+T: trip or reset the breaker selected in the breaker table. */
    public void tripOrResetSelected() {
        var breaker = breakers.getSelectionModel().getSelectedItem();
        if (breaker == null) {
            actionStatus.setText("Select a breaker in the Breakers tab first (Ctrl+T trips or resets it).");
            return;
        }
        actions.tripOrReset(breaker);
    }

    /** Ctrl+R: reroute the model selected in the model table. */
    public void rerouteSelected() {
        ModelFigures model = models.getSelectionModel().getSelectedItem();
        if (model == null) {
            actionStatus.setText("Select a model in the Models tab first (Ctrl+R reroutes it).");
            return;
        }
        actions.reroute(model.model());
    }

    /** Ctrl+1..9: show the n-th tab. */
    public void showTab(int index) {
        if (index < tabs.getTabs().size()) {
            tabs.getSelectionModel().select(index);
        }
    }

    /** Escape: close the confirmation without acting. */
    public boolean cancelConfirmation() {
        if (confirmation.asking()) {
            confirmation.hide();
            return true;
        }
        return false;
    }

    /** Remembers what was already announced, so each alert and node-down is notified once. */
    private static final class AlertWatch {
        private final java.util.Set<String> seenAlerts = new java.util.HashSet<>();
        private long lastEventMillis = Long.MIN_VALUE;
        private boolean first = true;

        java.util.List<Alert> newAlerts(java.util.List<Alert> alerts) {
            java.util.Set<String> now = new java.util.HashSet<>();
            java.util.List<Alert> fresh = new java.util.ArrayList<>();
            for (Alert a : alerts) {
                String key = a.kind() + "|" + a.node() + "|" + a.model() + "|" + a.sinceMillis();
                now.add(key);
                if (!seenAlerts.contains(key)) {
                    fresh.add(a);
                }
            }
            seenAlerts.clear();
            seenAlerts.addAll(now);
            return fresh;
        }

        java.util.List<ClusterEvent> newEvents(java.util.List<ClusterEvent> events) {
            java.util.List<ClusterEvent> fresh = events.stream().filter(e -> e.atMillis() > lastEventMillis)
                    .filter(e -> e.type().equals("node-down")).toList();
            if (!events.isEmpty()) {
                lastEventMillis = Math.max(lastEventMillis, events.getLast().atMillis());
            }
            // Events replayed when the console connects are history, not news.
            boolean announce = !first;
            first = events.isEmpty();
            return announce ? fresh : java.util.List.of();
        }
    }
}
