package dev.firebreak.app;

import dev.firebreak.app.cluster.ClusterView;
import dev.firebreak.app.settings.ConsoleSettings;
import dev.firebreak.app.settings.SettingsStore;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

import java.time.Duration;
import java.util.List;

import static dev.firebreak.app.testing.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several agents at once, from the saved settings, each tab with its own connection state. */
class ConsoleClustersTest {

    private static final String DEAD_AGENT = "http://127.0.0.1:9";

    @RegisterExtension
    static final ConsoleOnLocalCluster console = new ConsoleOnLocalCluster("east", 1, (cluster, settings) -> {
        SettingsStore store = new SettingsStore(settings);
        store.save(ConsoleSettings.DEFAULTS.withAgent(cluster.agentUrl()).withAgent(DEAD_AGENT));
        store.saveToken(cluster.agentUrl(), cluster.viewerToken());
        store.saveToken(DEAD_AGENT, "some-token");
        return new ConsoleOptions(null, null, 1, settings);
    });
    private static final FxRobot robot = new FxRobot();

    @Test
    void shouldWatchEverySavedAgentInItsOwnTabWithItsOwnConnectionState() throws Exception {
        List<ClusterView> views = onFx(console.app()::clusters);
        assertThat(views).hasSize(2);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(onFx(() -> banner(views.get(0)))).startsWith("Connected to " + console.cluster().agentUrl());
            assertThat(onFx(() -> banner(views.get(1)))).startsWith("Agent unreachable");
        });
        TabPane tabs = robot.lookup("#clusters").queryAs(TabPane.class);
        assertThat(onFx(() -> tabs.getTabs().stream().map(t -> t.getText()).toList()))
                .as("a connected tab takes its cluster's name").containsExactly("east", "127.0.0.1");
        assertThat(onFx(() -> views.get(1).connectionModel().actionsUnavailableProperty().get()))
                .isEqualTo("not connected to the agent");
    }

    private static String banner(ClusterView view) {
        return ((Label) view.lookup("#connection-message")).getText();
    }

}
