package dev.firebreak.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.firebreak.app.cluster.ClusterView;
import dev.firebreak.app.connection.ClusterConnection;
import dev.firebreak.app.connection.ClusterTarget;
import dev.firebreak.app.settings.AddAgentDialog;
import dev.firebreak.app.settings.SettingsStore;
import dev.firebreak.app.settings.SettingsViewModel;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The console window: one tab per cluster (agent), each a {@link ClusterView}; a bar with the
 * theme switch and "add agent"; keyboard shortcuts; alerts as notifications that take no focus.
 */
public final class ConsoleApp extends Application {

    private static final System.Logger LOG = System.getLogger(ConsoleApp.class.getName());
    private static final List<Integer> ICON_SIZES = List.of(16, 24, 32, 48, 64, 128, 256);
    static final String SHORTCUTS = "Ctrl+D drain/resume node · Ctrl+T trip/reset breaker · Ctrl+R reroute model · "
            + "Ctrl+1-9 views · Ctrl+N add agent · Ctrl+L light/dark";

    private ConsoleOptions options;
    private SettingsViewModel settings;
    private final List<ClusterView> clusters = new ArrayList<>();
    private final TabPane clusterTabs = new TabPane();
    private Stage stage;
    private static final java.time.Duration NOTIFICATION_GAP = java.time.Duration.ofSeconds(10);
    private long lastNotificationNanos = System.nanoTime() - NOTIFICATION_GAP.toNanos();
    private int suppressedNotifications;

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
        settings = new SettingsViewModel(new SettingsStore(options.settingsDirectory()));
    }

    @Override
    public void start(Stage primaryStage) {
        this.stage = primaryStage;
        settings.lightProperty().subscribe(ConsoleApp::applyTheme);

        Label title = new Label("Firebreak");
        title.getStyleClass().add("console-title");
        Label hint = new Label(SHORTCUTS);
        hint.getStyleClass().add("shortcut-hint");
        Button addAgent = new Button("Add agent…");
        addAgent.setId("add-agent");
        addAgent.setOnAction(e -> addAgent());
        Button theme = new Button("Light / dark");
        theme.setId("toggle-theme");
        theme.setTooltip(new Tooltip("Ctrl+L"));
        theme.setOnAction(e -> settings.toggleTheme());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, title, hint, spacer, addAgent, theme);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(0, 12, 0, 0));
        bar.getStyleClass().add("top-bar");

        clusterTabs.setId("clusters");
        clusterTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        for (ClusterTarget target : targets()) {
            open(target);
        }
        BorderPane root = new BorderPane(clusterTabs);
        root.setTop(bar);

        Scene scene = new Scene(root, 1360, 820);
        scene.getStylesheets().add(Objects.requireNonNull(
                ConsoleApp.class.getResource("console.css"), "console.css on the classpath").toExternalForm());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::shortcut);
        stage.setScene(scene);
        stage.setTitle("Firebreak");
        addIcons(stage);
        stage.show();
    }

    /** The clusters to open: the agent on the command line, else the saved ones, else a local cluster. */
    private List<ClusterTarget> targets() {
        if (options.agentUrl() != null) {
            return List.of(new ClusterTarget.Agent(options.agentUrl(), options.token()));
        }
        List<ClusterTarget> saved = List.copyOf(settings.savedAgents());
        return saved.isEmpty() ? List.of(new ClusterTarget.Local(options.localNodes())) : saved;
    }

    private Runnable open(ClusterTarget target) {
        ClusterConnection connection = new ClusterConnection(target, InstantSource.system());
        Tab tab = new Tab(target.label());
        ClusterView view = new ClusterView(connection, InstantSource.system(), message -> notify(tab.getText(), message),
                cluster -> open(new ClusterTarget.Agent(cluster.agentUrl(), cluster.operatorToken())));
        tab.setContent(view);
        tab.selectedProperty().subscribe(view::showing);
        tab.textProperty().bind(view.connectionModel().clusterNameProperty().map(n -> n.isEmpty() ? target.label() : n));
        tab.setOnClosed(e -> {
            view.stop();
            clusters.remove(view);
            if (target instanceof ClusterTarget.Agent agent) {
                settings.removeAgent(agent.url());
            }
        });
        clusters.add(view);
        clusterTabs.getTabs().add(tab);
        clusterTabs.getSelectionModel().select(tab);
        view.start();
        return () -> {
            view.stop();
            clusters.remove(view);
            clusterTabs.getTabs().remove(tab);
        };
    }

    /**
     * Shows an alert as a notification that takes no focus. At most one every few seconds: a burst
     * (a node dying takes its models' alerts with it) becomes one notification that says how many
     * more are in the event timeline.
     */
    private void notify(String cluster, String message) {
        long now = System.nanoTime();
        if (now - lastNotificationNanos < NOTIFICATION_GAP.toNanos()) {
            suppressedNotifications++;
            return;
        }
        String text = suppressedNotifications == 0 ? message
                : message + "\n(+" + suppressedNotifications + " more alerts in the event timeline)";
        lastNotificationNanos = now;
        suppressedNotifications = 0;
        try {
            // Not darkStyle(): ControlsFX 11.2's dark rule fails to convert on JavaFX 26 and leaves
            // grey text on white; the default style stays readable on either theme.
            Notifications.create().owner(stage).title(cluster + ": alert").text(text)
                    .position(Pos.BOTTOM_RIGHT).hideAfter(Duration.seconds(8)).showWarning();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "notification not shown ({0}): {1}", e.getMessage(), text);
        }
    }

    private void shortcut(KeyEvent event) {
        ClusterView current = current();
        if (event.getCode() == KeyCode.ESCAPE && current != null && current.cancelConfirmation()) {
            event.consume();
            return;
        }
        if (!event.isShortcutDown()) {
            return;
        }
        if (new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN).match(event)) {
            settings.toggleTheme();
        } else if (new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN).match(event)) {
            addAgent();
        } else if (current == null) {
            return;
        } else if (event.getCode() == KeyCode.D) {
            current.drainOrResumeSelected();
        } else if (event.getCode() == KeyCode.T) {
            current.tripOrResetSelected();
        } else if (event.getCode() == KeyCode.R) {
            current.rerouteSelected();
        } else if (event.getCode().isDigitKey() && event.getCode() != KeyCode.DIGIT0) {
            current.showTab(event.getCode().getCode() - KeyCode.DIGIT1.getCode());
        } else {
            return;
        }
        event.consume();
    }

    private ClusterView current() {
        Tab tab = clusterTabs.getSelectionModel().getSelectedItem();
        return tab == null ? null : (ClusterView) tab.getContent();
    }

    private void addAgent() {
        AddAgentDialog.ask(stage, settings, message -> notify("Firebreak", message)).ifPresent(this::open);
    }

    private static void applyTheme(boolean light) {
        Application.setUserAgentStylesheet(light ? new PrimerLight().getUserAgentStylesheet() : new PrimerDark().getUserAgentStylesheet());
    }

    private static void addIcons(Stage stage) {
        stage.getIcons().clear();
        for (int size : ICON_SIZES) {
            try (InputStream png = ConsoleApp.class.getResourceAsStream("icons/firebreak-" + size + ".png")) {
                if (png != null) {
                    stage.getIcons().add(new Image(png));
                }
            } catch (IOException e) {
                // An icon that cannot be read leaves the default one; nothing else depends on it.
            }
        }
    }

    /** The first cluster's connection, for tests that need the cluster it started. */
    ClusterConnection connection() {
        return clusters.isEmpty() ? null : clusters.getFirst().connection();
    }

    /** The clusters shown, in tab order. */
    List<ClusterView> clusters() {
        return List.copyOf(clusters);
    }

    @Override
    public void stop() {
        clusters.forEach(ClusterView::stop);
    }
}
