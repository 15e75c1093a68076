package dev.firebreak.app;

import atlantafx.base.theme.PrimerDark;
import dev.firebreak.agent.api.ActionRequest;
import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.app.actions.ConfirmationPane;
import dev.firebreak.app.breakers.BreakersView;
import dev.firebreak.app.events.EventsView;
import javafx.geometry.Orientation;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import dev.firebreak.app.actions.ImpactPreview;
import dev.firebreak.app.nodes.NodeRow;
import dev.firebreak.node.api.NodeState;
import javafx.application.Platform;
import javafx.scene.layout.StackPane;
import java.util.UUID;
import dev.firebreak.app.connection.ClusterConnection;
import dev.firebreak.app.connection.ConnectionBanner;
import dev.firebreak.app.connection.ConnectionViewModel;
import dev.firebreak.app.connection.ConsoleState;
import dev.firebreak.app.fx.FxCoalescer;
import dev.firebreak.app.nodes.NodesView;
import dev.firebreak.app.nodes.NodesViewModel;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;

import java.io.InputStream;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/** The console window: connection banner on top, the node table, then breakers and the event timeline. */
public final class ConsoleApp extends Application {

    private static final List<Integer> ICON_SIZES = List.of(16, 24, 32, 48, 64, 128, 256);

    private ConsoleOptions options;
    private ClusterConnection connection;
    private Timeline ticker;

    /** Used by {@link Application#launch}: options come from the command line. */
    public ConsoleApp() {
    }

    /** Used by tests and embedders: options given directly. */
    public ConsoleApp(ConsoleOptions options) {
        this.options = options;
    }

    @Override
    public void init() {
        if (options == null) {
            options = ConsoleOptions.parse(getParameters().getRaw());
        }
    }

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        InstantSource clock = InstantSource.system();

        ConnectionViewModel connectionModel = new ConnectionViewModel();
        NodesViewModel nodesModel = new NodesViewModel();
        EventsView events = new EventsView();
        ConfirmationPane confirmation = new ConfirmationPane();
        Label actionStatus = new Label();
        BreakersView breakers = new BreakersView(connectionModel.actionsUnavailableProperty(),
                breaker -> askBreakerAction(breaker, connectionModel, confirmation, actionStatus));
        FxCoalescer<ConsoleState> toScreen = new FxCoalescer<>(state -> {
            connectionModel.apply(state, clock.millis());
            if (state.snapshot() != null) {
                nodesModel.apply(state.snapshot());
                breakers.show(state.snapshot().breakers());
            }
            events.show(state.events());
        });

        Label title = new Label();
        title.getStyleClass().add("console-title");
        title.textProperty().bind(connectionModel.clusterNameProperty().map(name ->
                name.isEmpty() ? "Firebreak" : "Firebreak  ·  cluster " + name));
        VBox top = new VBox(title, new ConnectionBanner(connectionModel));
        actionStatus.setId("action-status");
        actionStatus.getStyleClass().add("action-status");
        NodesView nodes = new NodesView(nodesModel, connectionModel.staleProperty(),
                connectionModel.actionsUnavailableProperty(),
                row -> askNodeAction(row, connectionModel, confirmation, actionStatus));
        TabPane details = new TabPane(new Tab("Breakers", breakers), new Tab("Events", events));
        details.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane center = new SplitPane(nodes, details);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.5);
        BorderPane main = new BorderPane(center);
        main.setTop(top);
        main.setBottom(actionStatus);
        main.getStyleClass().add("console");
        StackPane root = new StackPane(main, confirmation);

        Scene scene = new Scene(root, 1100, 640);
        scene.getStylesheets().add(Objects.requireNonNull(
                ConsoleApp.class.getResource("console.css"), "console.css on the classpath").toExternalForm());
        stage.setScene(scene);
        stage.titleProperty().bind(title.textProperty());
        addIcons(stage);
        stage.show();

        ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> connectionModel.tick(clock.millis())));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();

        connection = new ClusterConnection(options, clock, toScreen::submit);
        connection.start();
    }

    /** Drain or resume a node: confirmation with the impact, then the action, then its audit id on screen. */
    private void askNodeAction(NodeRow row, ConnectionViewModel connectionModel, ConfirmationPane confirmation,
                               Label actionStatus) {
        ConsoleState state = connectionModel.state();
        if (state == null || state.snapshot() == null || state.actionsUnavailable() != null) {
            return;
        }
        boolean drain = row.state() == NodeState.SERVING;
        String what = (drain ? "Drain " : "Resume ") + row.id();
        String impact = drain ? ImpactPreview.drain(state.snapshot(), row.id())
                : "Resume " + row.id() + ": it takes new work again and the gateway sends it traffic.";
        confirmation.ask(what, impact, reason -> {
            actionStatus.setText(what + "...");
            ActionRequest request = new ActionRequest(drain ? ActionType.DRAIN : ActionType.RESUME, null, row.id(), null,
                    null, null, 30L, reason, UUID.randomUUID().toString(), null);
            connection.act(request).whenComplete((result, error) -> Platform.runLater(() -> actionStatus.setText(
                    error != null ? what + " failed: " + error.getMessage()
                            : what + ": " + result.decision() + " (audit " + result.auditId() + ") " + result.outcome())));
        });
    }

    /** Trip or reset a breaker, through the same confirmation. */
    private void askBreakerAction(BreakerView breaker, ConnectionViewModel connectionModel, ConfirmationPane confirmation,
                                  Label actionStatus) {
        ConsoleState state = connectionModel.state();
        if (state == null || state.actionsUnavailable() != null) {
            return;
        }
        boolean reset = BreakersView.forced(breaker);
        String target = breaker.model() + " on " + breaker.nodeId();
        String what = (reset ? "Reset " : "Trip ") + target;
        String impact = reset
                ? what + ": the breaker closes and " + breaker.nodeId() + " gets " + breaker.model() + " traffic again."
                : what + ": the gateway sends " + breaker.model() + " no requests on " + breaker.nodeId()
                + " until reset; they go to the model's other nodes, or its fallback, or are shed with 429.";
        confirmation.ask(what, impact, reason -> {
            actionStatus.setText(what + "...");
            ActionRequest request = new ActionRequest(reset ? ActionType.RESET : ActionType.TRIP, breaker.model(),
                    breaker.nodeId(), null, null, null, null, reason, UUID.randomUUID().toString(), null);
            connection.act(request).whenComplete((result, error) -> Platform.runLater(() -> actionStatus.setText(
                    error != null ? what + " failed: " + error.getMessage()
                            : what + ": " + result.decision() + " (audit " + result.auditId() + ") " + result.outcome())));
        });
    }

    private static void addIcons(Stage stage) {
        stage.getIcons().clear();
        for (int size : ICON_SIZES) {
            try (InputStream png = ConsoleApp.class.getResourceAsStream("icons/firebreak-" + size + ".png")) {
                if (png != null) {
                    stage.getIcons().add(new Image(png));
                }
            } catch (java.io.IOException e) {
                // An icon that cannot be read leaves the default one; nothing else depends on it.
            }
        }
    }

    /** The connection, for tests that need the cluster it started. */
    ClusterConnection connection() {
        return connection;
    }

    @Override
    public void stop() {
        if (ticker != null) {
            ticker.stop();
        }
        if (connection != null) {
            connection.close();
        }
    }
}
