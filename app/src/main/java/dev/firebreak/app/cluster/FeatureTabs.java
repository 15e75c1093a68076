package dev.firebreak.app.cluster;

import dev.firebreak.app.audit.AuditView;
import dev.firebreak.app.keys.KeysView;
import dev.firebreak.app.incidents.IncidentsView;
import dev.firebreak.app.breakers.BreakersView;
import dev.firebreak.app.breakers.OverridesView;
import dev.firebreak.app.charts.ChartsView;
import dev.firebreak.app.gameday.GameDayView;
import dev.firebreak.app.models.ModelsView;
import dev.firebreak.app.nodes.NodesView;
import dev.firebreak.app.overview.OverviewView;
import dev.firebreak.app.slo.SloView;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

import java.util.Locale;

/** One tab per feature of a cluster, in the order of the Ctrl+1-9 shortcuts; the game day only for a local cluster. */
final class FeatureTabs extends TabPane {

    final NodesView nodes;
    final ModelsView models;
    final BreakersView breakers;

    FeatureTabs(ClusterViewModel model) {
        var unavailable = model.connectionModel().actionsUnavailableProperty();
        var actions = model.actions();
        nodes = new NodesView(model.nodes(), model.connectionModel().staleProperty(), unavailable,
                row -> actions.drainOrResume(row.id()));
        models = new ModelsView(model.models(), unavailable, actions);
        breakers = new BreakersView(model.breakers(), unavailable, actions::tripOrReset);
        SplitPane breakersAndOverrides = new SplitPane(breakers, new OverridesView(model.breakers(), unavailable, actions::clear));
        breakersAndOverrides.setOrientation(Orientation.VERTICAL);
        ChartsView charts = new ChartsView(model.charts());
        Tab chartsTab = tab("Charts", charts, Feature.CHARTS, model);
        chartsTab.selectedProperty().subscribe(charts::showing);
        getTabs().addAll(tab("Overview", new OverviewView(model.overview()), Feature.OVERVIEW, model),
                tab("Nodes", nodes, Feature.NODES, model), tab("Models", models, Feature.MODELS, model),
                chartsTab, tab("SLO", new SloView(model.slo())), tab("Breakers", breakersAndOverrides, Feature.BREAKERS, model),
                tab("Audit", new AuditView(model.audit()), Feature.AUDIT, model),
                tab("Keys", new KeysView(model.keys()), Feature.KEYS, model));
        if (model.gameDay() != null) {
            getTabs().add(tab("Game day", new GameDayView(model.gameDay()), Feature.GAME_DAY, model));
        }
        getTabs().add(incidentsTab(model, unavailable));
        setId("cluster-tabs");
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
    }

    /** The incidents, with the count of live ones in the tab's title, always in sight. */
    private Tab incidentsTab(ClusterViewModel model, javafx.beans.value.ObservableValue<String> unavailable) {
        Tab tab = tab("Incidents", new IncidentsView(model.incidents(), unavailable, model.actions()::acknowledge));
        tab.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "Incidents ("
                + model.incidents().liveCount().get() + " open)", model.incidents().liveCount()));
        return tab;
    }

    /** A tab whose feature is fed only while the tab is shown. */
    private static Tab tab(String title, Node content, Feature feature, ClusterViewModel model) {
        Tab tab = tab(title, content);
        tab.selectedProperty().subscribe(selected -> model.showing(feature, selected));
        return tab;
    }

    private static Tab tab(String title, Node content) {
        Tab tab = new Tab(title, content);
        tab.setId("tab-" + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
        return tab;
    }
}
