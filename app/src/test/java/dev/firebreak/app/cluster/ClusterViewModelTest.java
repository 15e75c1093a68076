package dev.firebreak.app.cluster;

import dev.firebreak.agent.api.Principal;
import dev.firebreak.agent.api.Role;
import dev.firebreak.app.connection.ClusterConnection;
import dev.firebreak.app.connection.ClusterTarget;
import dev.firebreak.app.connection.ConsoleState;
import dev.firebreak.app.connection.Link;
import dev.firebreak.app.testing.Figured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.InstantSource;

import static dev.firebreak.app.testing.Clusters.model;
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
        assertThat(model.nodes().rows()).hasSize(1);
        assertThat(model.models().rows()).hasSize(1);
        assertThat(model.overview().nodes()).hasSize(1);
        assertThat(model.charts().scopes()).containsExactly("Whole cluster", "node-1");
        assertThat(model.gameDay()).as("an agent elsewhere has no game day").isNull();
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
