package dev.firebreak.app.cluster;

import dev.firebreak.app.actions.ConfirmationPane;
import dev.firebreak.app.connection.ClusterConnection;
import dev.firebreak.app.connection.ConnectionBanner;
import dev.firebreak.app.fleet.FleetBar;
import dev.firebreak.app.fx.Labels;
import dev.firebreak.app.connection.ConnectionViewModel;
import dev.firebreak.app.events.EventsView;
import dev.firebreak.app.gameday.ClusterTabs;
import javafx.css.PseudoClass;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * Everything the console shows of one cluster: the connection banner, the feature tabs, the event
 * timeline on the right and the status line; every action through one confirmation over it all.
 */
public final class ClusterView extends StackPane {

    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    private final ClusterViewModel model;
    private final FeatureTabs tabs;

    /**
     * @param onAlert receives, on the FX thread, each new detector alert and each node-down event, for notifications
     * @param scenarioTabs opens a tab on a game-day scenario's own cluster while it runs
     */
    public ClusterView(ClusterConnection connection, InstantSource clock, Consumer<String> onAlert, ClusterTabs scenarioTabs) {
        this.model = new ClusterViewModel(connection, clock, onAlert, scenarioTabs);
        setId("cluster-view");
        tabs = new FeatureTabs(model);

        Label eventsTitle = Labels.bound("events-title", "section-title", model.events().titleProperty());
        Hyperlink all = new Hyperlink("all events");
        all.setId("events-all");
        all.visibleProperty().bind(model.events().scopeProperty().isNotNull());
        all.setOnAction(e -> model.events().scopeProperty().set(null));
        EventsView events = new EventsView(model.events());
        VBox timeline = new VBox(4, new HBox(6, eventsTitle, all), events);
        VBox.setVgrow(events, Priority.ALWAYS);
        timeline.getStyleClass().add("timeline");
        SplitPane center = new SplitPane(tabs, timeline);
        center.setDividerPositions(0.74);
        model.connectionModel().staleProperty().subscribe(stale -> center.pseudoClassStateChanged(STALE, stale));

        Label status = Labels.bound("action-status", "action-status", model.statusProperty());
        BorderPane main = new BorderPane(center);
        main.setTop(new VBox(new ConnectionBanner(model.connectionModel()), new FleetBar(model.fleet())));
        main.setBottom(status);
        main.getStyleClass().add("console");
        getChildren().addAll(main, new ConfirmationPane(model.confirmation()));
    }

    /** Starts the connection and the banner's clock. */
    public void start() {
        model.start();
    }

    /** Stops the connection (and the local cluster it started). */
    public void stop() {
        model.stop();
    }

    public ConnectionViewModel connectionModel() {
        return model.connectionModel();
    }

    public ClusterConnection connection() {
        return model.connection();
    }

    /** Whether this cluster is the one on screen: the features of one that is not take no updates. */
    public void showing(boolean on) {
        model.showing(on);
    }

    /** Ctrl+D: drain or resume the node selected in the node table. */
    public void drainOrResumeSelected() {
        onSelected(tabs.nodes, "Select a node in the Nodes tab first (Ctrl+D drains or resumes it).",
                row -> model.actions().drainOrResume(row.get().id()));
    }

    /** Ctrl+T: trip or reset the breaker selected in the breaker table. */
    public void tripOrResetSelected() {
        onSelected(tabs.breakers, "Select a breaker in the Breakers tab first (Ctrl+T trips or resets it).",
                breaker -> model.actions().tripOrReset(breaker.get()));
    }

    /** Ctrl+R: reroute the model selected in the model table. */
    public void rerouteSelected() {
        onSelected(tabs.models, "Select a model in the Models tab first (Ctrl+R reroutes it).",
                selected -> model.actions().reroute(selected.get().model()));
    }

    /** Acts on the row selected in {@code table}, or tells the operator to select one first. */
    private <T> void onSelected(TableView<T> table, String selectFirst, Consumer<T> action) {
        T selected = table.getSelectionModel().getSelectedItem();
        if (selected == null) {
            model.statusProperty().set(selectFirst);
            return;
        }
        action.accept(selected);
    }

    /** Ctrl+1..9: show the n-th tab. */
    public void showTab(int index) {
        if (index < tabs.getTabs().size()) {
            tabs.getSelectionModel().select(index);
        }
    }

    /** Escape: close the confirmation without acting. */
    public boolean cancelConfirmation() {
        if (model.confirmation().askingProperty().get()) {
            model.confirmation().cancel();
            return true;
        }
        return false;
    }
}
