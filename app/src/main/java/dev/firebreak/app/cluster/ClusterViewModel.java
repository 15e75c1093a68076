package dev.firebreak.app.cluster;

import dev.firebreak.app.actions.ClusterActions;
import dev.firebreak.app.actions.ConfirmationViewModel;
import dev.firebreak.app.audit.AuditViewModel;
import dev.firebreak.app.keys.KeysViewModel;
import dev.firebreak.app.breakers.BreakersViewModel;
import dev.firebreak.app.charts.ChartsViewModel;
import dev.firebreak.app.connection.ClusterConnection;
import dev.firebreak.app.connection.ClusterTarget;
import dev.firebreak.app.connection.ConnectionViewModel;
import dev.firebreak.app.connection.ConsoleState;
import dev.firebreak.app.events.EventsViewModel;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.fleet.FleetViewModel;
import dev.firebreak.app.incidents.IncidentsViewModel;
import dev.firebreak.app.fx.FxCoalescer;
import dev.firebreak.app.gameday.ClusterTabs;
import dev.firebreak.app.gameday.GameDayService;
import dev.firebreak.app.gameday.GameDayViewModel;
import dev.firebreak.app.gameday.ScenarioService;
import dev.firebreak.app.models.ModelsViewModel;
import dev.firebreak.app.nodes.NodesViewModel;
import dev.firebreak.app.overview.OverviewViewModel;
import dev.firebreak.app.slo.SloService;
import dev.firebreak.app.slo.SloViewModel;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Everything the console shows of one cluster, as the features' ViewModels, fed from one
 * connection: its newest state reaches the FX thread at most once per pulse and goes to each
 * feature. FX thread only, but for {@link #start()} and {@link #stop()}.
 */
public final class ClusterViewModel {

    private final ClusterConnection connection;
    private final InstantSource clock;
    private final Executor fxThread;
    private final StringProperty status = new SimpleStringProperty("");
    private final ConnectionViewModel link = new ConnectionViewModel();
    private final OverviewViewModel overview = new OverviewViewModel();
    private final NodesViewModel nodes = new NodesViewModel();
    private final ModelsViewModel models = new ModelsViewModel();
    private final ChartsViewModel charts;
    private final BreakersViewModel breakers = new BreakersViewModel();
    private final AuditViewModel audit = new AuditViewModel();
    private final KeysViewModel keys = new KeysViewModel();
    private final IncidentsViewModel incidents = new IncidentsViewModel();
    private final EventsViewModel events;
    private final ConfirmationViewModel confirmation = new ConfirmationViewModel();
    private final ClusterActions actions;
    private final GameDayViewModel gameDay;
    private final FleetViewModel fleet = new FleetViewModel();
    /** The features on screen; all of them until a view says which tab is shown. */
    private final Set<Feature> onScreen = EnumSet.allOf(Feature.class);
    /** Whether this cluster's view is on screen at all (it is one tab of the console's). */
    private boolean shown = true;
    private final SloViewModel slo;
    private final SloService sloService;
    private ConsoleState last;
    private ScheduledExecutorService ticker;

    /**
     * @param onAlert receives, on the FX thread, each new detector alert and each node-down event, for notifications
     * @param scenarioTabs opens a tab on a game-day scenario's own cluster while it runs
     */
    public ClusterViewModel(ClusterConnection connection, InstantSource clock, Consumer<String> onAlert, ClusterTabs scenarioTabs) {
        this(connection, clock, onAlert, scenarioTabs, Platform::runLater);
    }

    /** @param fxThread runs a task on the FX thread; a test without one runs it at once */
    ClusterViewModel(ClusterConnection connection, InstantSource clock, Consumer<String> onAlert, ClusterTabs scenarioTabs,
                     Executor fxThread) {
        this.connection = connection;
        this.clock = clock;
        this.fxThread = fxThread;
        this.charts = new ChartsViewModel(connection::scopeTrends);
        this.events = new EventsViewModel(onAlert);
        this.slo = new SloViewModel();
        this.sloService = SloService.of(connection::client, clock);
        this.actions = new ClusterActions(confirmation, connection, link::state, slo::report, status::set);
        // Only a local cluster has nodes this console may inject faults into, and traffic of its own.
        this.gameDay = connection.target() instanceof ClusterTarget.Local
                ? new GameDayViewModel(new GameDayService(connection), new ScenarioService(), scenarioTabs, status::set, fxThread)
                : null;
        // The raw timeline, filtered by the incident an operator opens (until "all events").
        incidents.opened().subscribe(events.scopeProperty()::set);
        FxCoalescer<ConsoleState> toScreen = new FxCoalescer<>(this::apply, fxThread);
        connection.setListener(toScreen::submit);
        fleet.onChange(() -> {
            if (last != null) {
                apply(last);
            }
        });
    }

    /** Shows {@code state} in the features always in sight and in those on screen. */
    void apply(ConsoleState state) {
        last = state;
        link.apply(state, clock.millis());
        // The fleet filter narrows the overview and the node and model tables; the rest is the whole cluster.
        ClusterFigures narrowed = narrowed(state);
        if (narrowed != null) {
            fleet.apply(state, narrowed.nodes().size(), narrowed.models().size());
            events.apply(state.snapshot());
        }
        events.apply(state.events());
        incidents.apply(state.incidents());
        if (shown) {
            feed(onScreen, state, narrowed);
        }
    }

    /** Puts {@code feature} on screen or takes it off; one put on screen shows the newest state at once. */
    void showing(Feature feature, boolean on) {
        boolean changed = on ? onScreen.add(feature) : onScreen.remove(feature);
        if (changed && on && shown && last != null) {
            feed(EnumSet.of(feature), last, narrowed(last));
        }
    }

    /** Whether this cluster's view is on screen at all; one brought back shows the newest state at once. */
    public void showing(boolean on) {
        boolean back = on && !shown;
        shown = on;
        if (back && last != null) {
            feed(onScreen, last, narrowed(last));
        }
    }

    private ClusterFigures narrowed(ConsoleState state) {
        return state.snapshot() == null ? null : fleet.filter().apply(state.figures());
    }

    /** Shows {@code state} in {@code features}; {@code narrowed} is its figures through the fleet filter, null before a snapshot. */
    private void feed(Set<Feature> features, ConsoleState state, ClusterFigures narrowed) {
        for (Feature feature : features) {
            switch (feature) {
                case AUDIT -> audit.apply(state.audit());
                case KEYS -> keys.apply(state.keys());
                default -> {
                    if (narrowed != null) {
                        feedSnapshot(feature, state, narrowed);
                    }
                }
            }
        }
    }

    private void feedSnapshot(Feature feature, ConsoleState state, ClusterFigures narrowed) {
        var filter = fleet.filter();
        switch (feature) {
            case OVERVIEW -> overview.apply(narrowed);
            case NODES -> nodes.apply(state.snapshot(), narrowed, !filter.isNone());
            case MODELS -> models.apply(narrowed);
            case CHARTS -> charts.apply(state.figures());
            case BREAKERS -> breakers.apply(state.snapshot(), filter);
            case GAME_DAY -> {
                if (gameDay != null) {
                    gameDay.apply(state.figures());
                    gameDay.apply(state.traffic());
                }
            }
            case AUDIT, KEYS -> throw new IllegalArgumentException(feature + " is not drawn from a snapshot");
        }
    }

    /** Starts the connection and the banner's clock. */
    public void start() {
        // Ages on the banner move once a second. Not a Timeline: a running animation makes JavaFX
        // pulse 60 times a second, and the console would redraw all the time for one label.
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("console-banner-clock").factory());
        ticker.scheduleAtFixedRate(() -> fxThread.execute(() -> link.tick(clock.millis())), 1, 1, TimeUnit.SECONDS);
        connection.start();
        sloService.start(new FxCoalescer<>(slo::apply, fxThread)::submit);
    }

    /** Stops the connection (and the local cluster it started). */
    public void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        sloService.close();
        connection.close();
    }

    /** The line under the tabs: what an action or a fault did, or what a shortcut needs first. */
    public StringProperty statusProperty() {
        return status;
    }

    public ConnectionViewModel connectionModel() {
        return link;
    }

    public ClusterConnection connection() {
        return connection;
    }

    public FleetViewModel fleet() {
        return fleet;
    }

    public OverviewViewModel overview() {
        return overview;
    }

    public NodesViewModel nodes() {
        return nodes;
    }

    public ModelsViewModel models() {
        return models;
    }

    public ChartsViewModel charts() {
        return charts;
    }

    public BreakersViewModel breakers() {
        return breakers;
    }

    public AuditViewModel audit() {
        return audit;
    }

    public KeysViewModel keys() {
        return keys;
    }

    public IncidentsViewModel incidents() {
        return incidents;
    }

    public EventsViewModel events() {
        return events;
    }

    public ConfirmationViewModel confirmation() {
        return confirmation;
    }

    public ClusterActions actions() {
        return actions;
    }

    public SloViewModel slo() {
        return slo;
    }

    /** The game day of a local cluster, or {@code null} for an agent elsewhere. */
    public GameDayViewModel gameDay() {
        return gameDay;
    }
}
