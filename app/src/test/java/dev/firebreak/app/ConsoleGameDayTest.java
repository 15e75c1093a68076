package dev.firebreak.app;

import dev.firebreak.app.fx.LiveRow;
import dev.firebreak.app.nodes.NodeRow;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.firebreak.app.testing.Fx.onFx;
import static dev.firebreak.app.ConsoleUnderTest.showTab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's default: the console starts its own local cluster with a traffic generator, and the
 * game-day panel injects a fault into a real node process that the node then reports.
 */
class ConsoleGameDayTest {

    private static ConsoleApp app;
    private static final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        Path settings = Files.createTempDirectory("console-settings");
        app = ConsoleUnderTest.open(new ConsoleOptions(null, null, 1, settings));
    }

    @AfterAll
    static void stop() throws Exception {
        ConsoleUnderTest.close(app, null);
        assertThat(app.connection().localCluster().processes()).as("the console stops what it started")
                .noneMatch(p -> ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void shouldServeItsOwnTrafficAndInjectANodeFaultFromTheGameDayPanel() throws Exception {
        showTab(robot, "tab-game-day");
        await().atMost(Duration.ofSeconds(60)).until(() -> onFx(() -> robot.lookup("#fault-node-1-kv_leak").tryQuery().isPresent()
                && !robot.lookup("#fault-node-1-kv_leak").queryAs(ToggleButton.class).isDisabled()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(onFx(() ->
                robot.lookup(".traffic-seen").queryAs(Label.class).getText())).as("clients get answers through the gateway")
                .doesNotStartWith("answered 0.0/s"));

        robot.interact(() -> robot.lookup("#fault-node-1-kv_leak").queryAs(ToggleButton.class).fire());

        showTab(robot, "tab-nodes");
        TableView<LiveRow<NodeRow>> nodes = robot.lookup("#node-table").queryTableView();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(onFx(() -> nodes.getItems().getFirst().get().faultsText())).isEqualTo("leak 8/req"));
        showTab(robot, "tab-game-day");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(onFx(() ->
                robot.lookup("#fault-node-1-kv_leak").queryAs(ToggleButton.class).isSelected())).isTrue());

        robot.interact(() -> robot.lookup("#fault-node-1-kv_leak").queryAs(ToggleButton.class).fire());
        showTab(robot, "tab-nodes");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(onFx(() -> nodes.getItems().getFirst().get().faultsText())).isEmpty());

        showTab(robot, "tab-game-day");
        javafx.scene.control.ChoiceBox<dev.firebreak.lab.gameday.Scenario> scenarios =
                robot.lookup("#scenario-choice").queryAs(javafx.scene.control.ChoiceBox.class);
        assertThat(onFx(() -> scenarios.getItems().stream().map(dev.firebreak.lab.gameday.Scenario::name).toList()))
                .as("the report's scenarios, ready to run").contains("outage-naive", "outage-firebreak", "kill9-firebreak");
    }

}
