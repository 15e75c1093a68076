package dev.firebreak.app.connection;

import dev.firebreak.agent.api.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionViewModelTest {

    private static final String URL = "http://127.0.0.1:8200";
    private final ConnectionViewModel model = new ConnectionViewModel();
    private final ClusterSnapshot snapshot = new ClusterSnapshot("prod", 10_000, List.of());

    @Test
    void shouldSayItIsStartingTheLocalCluster() {
        model.apply(ConsoleState.initial(new Link.StartingLocalCluster(3), true).withSnapshot(null, 0, null), 0);

        assertThat(model.messageProperty().get()).contains("Starting a local cluster: 3 nodes");
        assertThat(model.staleProperty().get()).isTrue();
    }

    @Test
    void shouldBeLiveOnceConnectedWithASnapshot() {
        model.apply(ConsoleState.initial(new Link.Connected(URL), false).withSnapshot(snapshot, 10_000, null), 10_500);

        assertThat(model.messageProperty().get()).isEqualTo("Connected to " + URL);
        assertThat(model.severityProperty().get()).isEqualTo(ConnectionViewModel.Severity.OK);
        assertThat(model.staleProperty().get()).isFalse();
        assertThat(model.clusterNameProperty().get()).isEqualTo("prod");
    }

    @Test
    void shouldSayWhichReplicaItWatches() {
        String other = "http://agent-b:8200";
        model.apply(ConsoleState.initial(new Link.Connected(other, java.util.List.of(URL, other)), false)
                .withSnapshot(snapshot, 10_000, null), 10_500);

        assertThat(model.messageProperty().get()).isEqualTo("Connected to " + other + " (replica 2 of 2)");
    }

    @Test
    void shouldStayStaleWhenConnectedButNoSnapshotYet() {
        model.apply(ConsoleState.initial(new Link.Connected(URL), false).withSnapshot(null, 0, null), 0);

        assertThat(model.staleProperty().get()).isTrue();
    }

    @Test
    void shouldShowHowLongTheAgentHasBeenUnreachableAndHowOldTheFiguresAre() {
        model.apply(ConsoleState.initial(new Link.Disconnected(URL, "connection refused", 20_000), false).withSnapshot(snapshot, 19_000, null),
                20_000);
        model.tick(27_000);

        assertThat(model.messageProperty().get())
                .isEqualTo("Agent unreachable for 7 s: connection refused. Reconnecting...");
        assertThat(model.detailProperty().get()).startsWith("figures below are 8 s old");
        assertThat(model.severityProperty().get()).isEqualTo(ConnectionViewModel.Severity.DANGER);
        assertThat(model.staleProperty().get()).isTrue();
    }

    @Test
    void shouldSayMinutesForLongOutages() {
        assertThat(ConnectionViewModel.seconds(119_999)).isEqualTo("119 s");
        assertThat(ConnectionViewModel.seconds(180_000)).isEqualTo("3 min");
    }
}
