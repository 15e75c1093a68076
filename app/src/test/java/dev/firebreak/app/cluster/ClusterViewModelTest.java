package dev.firebreak.app.cluster;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.Principal;
import dev.firebreak.agent.api.Role;
import dev.firebreak.app.connection.ClusterConnection;
import dev.firebreak.app.connection.ClusterTarget;
import dev.firebreak.app.connection.ConsoleState;
import dev.firebreak.app.connection.Link;
import dev.firebreak.app.testing.Figured;
import dev.firebreak.node.api.NodeState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.InstantSource;

import static dev.firebreak.app.testing.Clusters.model;
import static dev.firebreak.app.testing.Clusters.node;
import static dev.firebreak.app.testing.Clusters.serving;
import static dev.firebreak.app.testing.Clusters.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class ClusterViewModelTest {

    private static final String URL = "http://127.0.0.1:8200";
    private final ClusterConnection connection = new ClusterConnection(new ClusterTarget.Agent(URL, "token"), InstantSource.system());
    private ClusterViewModel viewModel(ClusterConnection c) {
        return new ClusterViewModel(c, () -> java.time.Instant.ofEpochMilli(1_000), message -> { }, cluster -> () -> { },
                Runnable::run);
    }

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void shouldShowOneStateInEveryFeature() {
        ClusterViewModel model = viewModel(connection);
        var snapshot = snapshot(1_000, serving("node-1", model("chat", 10, 1, 0, 0, 0)));
        ConsoleState state = ConsoleState.initial(new Link.Connected(URL), false).withSnapshot(snapshot, 1_000, Figured.of(snapshot))
                .withPrincipal(new Principal("ops", Role.OPERATOR));

        model.apply(state);

        assertThat(model.connectionModel().messageProperty().get()).isEqualTo("Connected to " + URL);
        assertThat(model.connectionModel().actionsUnavailableProperty().get()).as("an operator may act").isNull();
        model.apply(state.withSnapshot(snapshot.withActionsUnavailable("actions unavailable: state store down (db:5432)"),
                1_000, Figured.of(snapshot)));
        assertThat(model.connectionModel().actionsUnavailableProperty().get())
                .isEqualTo("actions unavailable: state store down (db:5432)");
        model.apply(state);
        assertThat(model.nodes().lines().rows()).hasSize(1);
        assertThat(model.models().lines().rows()).hasSize(1);
        assertThat(model.overview().nodes()).hasSize(1);
        assertThat(model.charts().scopes()).containsExactly("Whole cluster", "node-1");
        assertThat(model.gameDay()).as("an agent elsewhere has no game day").isNull();
    }

    @Test
    void shouldFeedOnlyTheFeaturesOnScreenAndCatchUpOneWhenItComesOnScreen() {
        ClusterViewModel model = viewModel(connection);
        model.showing(Feature.NODES, false);
        var one = snapshot(1_000, serving("node-1", model("chat", 10, 1, 0, 0, 0)));
        var two = snapshot(2_000, serving("node-1", model("chat", 10, 1, 0, 0, 0)), serving("node-2", model("code", 10, 1, 0, 0, 0)));
        ConsoleState state = ConsoleState.initial(new Link.Connected(URL), false);

        model.apply(state.withSnapshot(one, 1_000, Figured.of(one)));
        assertThat(model.nodes().lines().rows()).as("a hidden tab takes no updates").isEmpty();
        assertThat(model.models().lines().rows()).hasSize(1);
        model.showing(Feature.NODES, true);
        assertThat(model.nodes().lines().rows()).as("shown, it has the newest state at once").hasSize(1);

        model.showing(false);
        model.apply(state.withSnapshot(two, 2_000, Figured.of(two)));
        assertThat(model.models().lines().rows()).as("a cluster not on screen feeds no tab").hasSize(1);
        assertThat(model.fleet().shownProperty().get()).as("the fleet bar is always in sight").isEqualTo("2 nodes, 2 models");
        model.showing(true);
        assertThat(model.models().lines().rows()).hasSize(2);
        assertThat(model.nodes().lines().rows()).hasSize(2);
    }

    @Test
    void shouldNarrowTheOverviewAndTablesToTheFleetFilterAndKeepTheWorstOnScreen() {
        ClusterViewModel model = viewModel(connection);
        var snapshot = snapshot(1_000, serving("node-1", model("chat", 10, 1, 0, 0, 0)),
                serving("node-2", model("code", 10, 1, 0, 0, 0)),
                node("node-3", NodeHealth.DOWN, NodeState.SERVING, model("chat", 0, 0, 0, 0, 0)));
        model.apply(ConsoleState.initial(new Link.Connected(URL), false).withSnapshot(snapshot, 1_000, Figured.of(snapshot)));
        assertThat(model.fleet().shownProperty().get()).isEqualTo("3 nodes, 2 models");
        assertThat(model.fleet().worstProperty().get()).startsWith("Worst: node-3 down");

        model.fleet().onlyTroubleProperty().set(true);
        assertThat(model.nodes().values()).extracting(r -> r.id()).containsExactly("node-3");
        assertThat(model.overview().nodes()).extracting(t -> t.id()).containsExactly("node-3");

        model.fleet().onlyTroubleProperty().set(false);
        model.fleet().modelProperty().set("COD");
        assertThat(model.nodes().values()).extracting(r -> r.id()).containsExactly("node-2");
        assertThat(model.models().values()).extracting(m -> m.model()).containsExactly("code");
        assertThat(model.fleet().shownProperty().get()).isEqualTo("showing 1 of 3 nodes, 1 of 2 models");
        assertThat(model.fleet().worstProperty().get()).as("the worst offenders are the whole cluster's").startsWith("Worst: node-3 down");

        model.fleet().modelProperty().set("");
        model.fleet().nodeProperty().set("node-1");
        assertThat(model.models().values()).extracting(m -> m.model()).containsExactly("chat");
        assertThat(model.charts().scopes()).as("the charts keep the whole cluster").hasSize(4);
    }

    @Test
    void shouldTellWhyAnActionIsNotPossibleNow() {
        ClusterViewModel model = viewModel(connection);
        model.apply(ConsoleState.initial(new Link.Connected(URL), false));

        model.actions().drainOrResume("node-1");

        assertThat(model.statusProperty().get()).isEqualTo("Not now: no figures from the agent yet");
        assertThat(model.confirmation().askingProperty().get()).isFalse();
    }

    @Test
    void shouldGiveALocalClusterItsGameDay() {
        try (ClusterConnection local = new ClusterConnection(new ClusterTarget.Local(1), InstantSource.system())) {
            assertThat(viewModel(local).gameDay()).isNotNull();
        }
    }
}
