package dev.firebreak.app;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.app.fx.LiveRow;
import dev.firebreak.app.nodes.NodeRow;
import dev.firebreak.lab.localcluster.LocalCluster;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;

import java.time.Duration;
import java.util.List;

import static dev.firebreak.app.testing.Fx.onFx;
import static dev.firebreak.app.ConsoleUnderTest.showTab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console on JavaFX's Headless platform, pointed at a real agent watching two real nodes.
 * Ordered: the first test kills a node, the second kills and restarts the agent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAppTest {

    @RegisterExtension
    static final ConsoleOnLocalCluster console = ConsoleOnLocalCluster.withToken("ui", 2, LocalCluster::viewerToken);
    private static final FxRobot robot = new FxRobot();

    @Test
    @Order(0)
    void shouldListTheGatewaysClientKeysWithoutTheirSecrets() throws Exception {
        showTab(robot, "tab-keys");
        TableView<dev.firebreak.agent.api.KeyStatus> keys = robot.lookup("#keys-table").queryTableView();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(onFx(() -> List.copyOf(keys.getItems())))
                .as("the key the local cluster made for its traffic").singleElement()
                .satisfies(k -> {
                    assertThat(k.key().name()).isEqualTo("local-traffic");
                    assertThat(k.key().revoked()).isFalse();
                    assertThat(console.cluster().clientKey()).startsWith(k.key().prefix());
                }));
        assertThat(onFx(() -> keys.getColumns().get(2).getCellData(0))).isEqualTo(
                console.cluster().clientKey().substring(0, 10) + "...");
    }

    @Test
    @Order(0)
    void shouldSayNoDataInTheSloViewForAModelWithoutTraffic() throws Exception {
        TableView<dev.firebreak.app.slo.SloRow> slo = robot.lookup("#slo-table").queryTableView();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(onFx(() -> List.copyOf(slo.getItems())))
                .extracting(r -> r.model() + " " + r.indicator() + ": " + r.objective() + ", " + r.compliance() + ", " + r.budget())
                .containsExactly("tiny-chat availability: 99.5%, no data, no data", "tiny-chat latency: 99% under 2 s, no data, no data"));
        assertThat(onFx(() -> robot.lookup("#slo-chart-no-data").query().isVisible())).isTrue();
    }

    @Test
    @Order(1)
    void shouldShowTheNodesLiveThenANodeGoingDown() throws Exception {
        showTab(robot, "tab-nodes");
        TableView<LiveRow<NodeRow>> table = robot.lookup("#node-table").queryTableView();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(onFx(() -> table.getItems().stream().map(LiveRow::get).toList()))
                .extracting(NodeRow::id, NodeRow::health)
                .containsExactly(tuple("node-1", NodeHealth.UP), tuple("node-2", NodeHealth.UP)));
        assertThat(onFx(() -> banner().getText())).startsWith("Connected to " + console.cluster().agentUrl());
        assertThat(onFx(() -> table.getItems().getFirst().get().models())).isEqualTo("tiny-chat");
        assertThat(onFx(() -> ((javafx.stage.Stage) table.getScene().getWindow()).getIcons().size()))
                .as("window icons from icons/").isEqualTo(7);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            javafx.scene.control.Button drain = robot.lookup("#action-node-1").queryButton();
            assertThat(onFx(drain::isDisabled)).as("a viewer cannot act").isTrue();
            assertThat(onFx(() -> drain.getTooltip().getText())).contains("viewer token");
        });
        showTab(robot, "tab-models");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            javafx.scene.control.Button reroute = robot.lookup("#reroute-tiny-chat").queryButton();
            assertThat(onFx(reroute::isDisabled)).as("every action, not just drain").isTrue();
            assertThat(onFx(() -> reroute.getTooltip().getText())).contains("viewer token");
        });
        showTab(robot, "tab-nodes");

        console.cluster().node("node-2").process().kill();

        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(onFx(() -> table.getItems().get(1).get().health())).isEqualTo(NodeHealth.DOWN));
        javafx.scene.control.ListView<String> timeline = robot.lookup("#event-timeline").queryListView();
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(onFx(() -> List.copyOf(timeline.getItems())))
                .anySatisfy(line -> assertThat(line).contains("node-down").contains("node node-2 is down")));
        assertThat(onFx(() -> table.getItems().get(0).get().health())).isEqualTo(NodeHealth.UP);
    }

    @Test
    @Order(2)
    void shouldSayAtOnceWhenTheAgentIsUnreachableAndReconnectWhenItReturns() throws Exception {
        console.cluster().agent().kill();

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(onFx(() -> banner().getText())).startsWith("Agent unreachable"));
        TableView<LiveRow<NodeRow>> table = robot.lookup("#node-table").queryTableView();
        assertThat(onFx(() -> table.getPseudoClassStates().toString())).contains("stale");
        assertThat(onFx(() -> table.getItems().size())).as("last known figures stay on screen").isEqualTo(2);

        console.cluster().restartAgent();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(onFx(() -> banner().getText())).startsWith("Connected to " + console.cluster().agentUrl()));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(onFx(() -> table.getPseudoClassStates().toString())).doesNotContain("stale"));
    }

    private static Label banner() {
        return robot.lookup("#connection-message").queryAs(Label.class);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

}
