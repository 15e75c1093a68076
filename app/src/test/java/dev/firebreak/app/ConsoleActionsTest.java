package dev.firebreak.app;

import dev.firebreak.agent.api.AuditEntry;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.app.fx.LiveRow;
import dev.firebreak.app.nodes.NodeRow;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.lab.localcluster.LocalCluster;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

import java.time.Duration;
import java.util.List;

import static dev.firebreak.app.testing.Fx.onFx;
import static dev.firebreak.app.ConsoleUnderTest.showTab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One-click actions from the console with an operator token, against a real agent and real nodes. */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ConsoleActionsTest {

    @RegisterExtension
    static final ConsoleOnLocalCluster console = ConsoleOnLocalCluster.withToken("ops", 2, LocalCluster::operatorToken);
    private static final FxRobot robot = new FxRobot();

    @Test
    @org.junit.jupiter.api.Order(3)
    void shouldDrainANodeFromTheTableAfterAConfirmationWithAReason() throws Exception {
        showTab(robot, "tab-nodes");
        TableView<LiveRow<NodeRow>> table = robot.lookup("#node-table").queryTableView();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Button drain = robot.lookup("#action-node-1").queryButton();
            assertThat(onFx(drain::isDisabled)).as("enabled for an operator").isFalse();
            assertThat(onFx(drain::getText)).isEqualTo("Drain");
        });

        // The completions of the breaker test reached the agent's SLO minutes and the console's SLO view.
        TableView<dev.firebreak.app.slo.SloRow> slo = robot.lookup("#slo-table").queryTableView();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(onFx(() -> List.copyOf(slo.getItems())))
                .anySatisfy(row -> {
                    assertThat(row.model() + " " + row.indicator()).isEqualTo("tiny-chat availability");
                    assertThat(row.compliance()).startsWith("100% (");
                    assertThat(row.budget()).isEqualTo("100%");
                    assertThat(row.burns().getFirst()).isEqualTo("0.0x");
                }));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(onFx(() ->
                robot.lookup("#slo-chart").queryAs(javafx.scene.chart.LineChart.class).getData().stream()
                        .mapToInt(series -> ((javafx.scene.chart.XYChart.Series<?, ?>) series).getData().size()).sum()))
                .as("the budget chart has points from the agent's history").isPositive());
        assertThat(onFx(() -> robot.lookup("#slo-chart-no-data").query().isVisible())).isFalse();

        robot.interact(() -> robot.lookup("#action-node-1").queryButton().fire());

        assertThat(onFx(() -> robot.lookup("#confirmation").query().isVisible())).isTrue();
        String impact = onFx(() -> robot.lookup("#confirmation-impact").queryAs(Label.class).getText());
        assertThat(impact).startsWith("Drain node-1:").contains("node-2 (KV would reach")
                .contains("Budget: drains node-1: tiny-chat's availability burn rate would stay at 0.0x while its traffic moves");
        assertThat(onFx(() -> robot.lookup("#confirmation-confirm").queryButton().isDisabled()))
                .as("no reason, no action").isTrue();
        robot.interact(() -> robot.lookup("#confirmation-reason").queryAs(TextField.class).setText("console test"));
        robot.interact(() -> robot.lookup("#confirmation-confirm").queryButton().fire());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(onFx(() -> robot.lookup("#action-status").queryAs(Label.class).getText()))
                    .startsWith("Drain node-1: APPLIED (audit ");
            assertThat(onFx(() -> table.getItems().getFirst().get().state())).isEqualTo(NodeState.DRAINED);
        });
        try (AgentClient client = new AgentClient(console.cluster().agentUrl(), console.cluster().viewerToken())) {
            AuditEntry last = client.audit(1).getFirst();
            assertThat(last.action()).isEqualTo("DRAIN");
            assertThat(last.who()).isEqualTo("local-operator");
            assertThat(last.reason()).isEqualTo("console test");
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void shouldTripAndResetABreakerFromTheBreakerTable() throws Exception {
        okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
        okhttp3.Request completion = new okhttp3.Request.Builder().url(console.cluster().agentUrl() + "/v1/completions")
                .header("Authorization", "Bearer " + console.cluster().clientKey())
                .post(okhttp3.RequestBody.create("{\"model\":\"tiny-chat\",\"prompt\":\"x\",\"max_tokens\":2}",
                        okhttp3.MediaType.get("application/json"))).build();
        for (int i = 0; i < 6; i++) {
            try (okhttp3.Response r = http.newCall(completion).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }
        }
        showTab(robot, "tab-breakers");
        await().atMost(Duration.ofSeconds(5)).until(() -> onFx(() -> robot.lookup("#breaker-action-tiny-chat-node-2").tryQuery().isPresent()));
        robot.interact(() -> robot.lookup("#breaker-action-tiny-chat-node-2").queryButton().fire());
        robot.interact(() -> robot.lookup("#confirmation-reason").queryAs(TextField.class).setText("trip from the console"));
        robot.interact(() -> robot.lookup("#confirmation-confirm").queryButton().fire());

        TableView<LiveRow<dev.firebreak.agent.api.BreakerView>> breakers = robot.lookup("#breaker-table").queryTableView();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(onFx(() -> breakers.getItems().stream().map(LiveRow::get).toList()))
                .anySatisfy(b -> assertThat(b.nodeId() + " " + b.state()).isEqualTo("node-2 FORCED_OPEN")));
        // The row's button is redrawn on the next pulse after the row changes.
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(onFx(() ->
                robot.lookup("#breaker-action-tiny-chat-node-2").queryButton().getText())).isEqualTo("Reset"));

        robot.interact(() -> robot.lookup("#breaker-action-tiny-chat-node-2").queryButton().fire());
        robot.interact(() -> robot.lookup("#confirmation-reason").queryAs(TextField.class).setText("done"));
        robot.interact(() -> robot.lookup("#confirmation-confirm").queryButton().fire());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(onFx(() -> breakers.getItems().stream().map(LiveRow::get).toList()))
                .anySatisfy(b -> assertThat(b.nodeId() + " " + b.state()).isEqualTo("node-2 CLOSED")));
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void shouldRerouteAModelOffANodeFromTheModelTableThenClearIt() throws Exception {
        showTab(robot, "tab-models");
        await().atMost(Duration.ofSeconds(10)).until(() -> onFx(() -> robot.lookup("#reroute-tiny-chat").tryQuery().isPresent()
                && !robot.lookup("#reroute-tiny-chat").queryButton().isDisabled()));
        robot.interact(() -> robot.lookup("#reroute-tiny-chat").queryButton().fire());
        javafx.scene.control.ComboBox<String> choice = robot.lookup("#confirmation-choice").queryComboBox();
        assertThat(onFx(() -> List.copyOf(choice.getItems()))).containsExactly("off node-1", "off node-2", "node-1=1 node-2=1");
        robot.interact(() -> choice.getEditor().setText("off node-2"));
        assertThat(onFx(() -> robot.lookup("#confirmation-impact").queryAs(Label.class).getText()))
                .startsWith("Move tiny-chat off node-2.").contains("tiny-chat on node-2:");
        robot.interact(() -> choice.getEditor().setText("node-1=oops"));
        assertThat(onFx(() -> robot.lookup("#confirmation-impact").queryAs(Label.class).getText()))
                .as("bad weights are explained before anything is sent").contains("A weight is a number");
        robot.interact(() -> choice.getEditor().setText("off node-2"));
        robot.interact(() -> robot.lookup("#confirmation-reason").queryAs(TextField.class).setText("move it off for the test"));
        robot.interact(() -> robot.lookup("#confirmation-confirm").queryButton().fire());

        showTab(robot, "tab-breakers");
        TableView<dev.firebreak.agent.api.OverrideView> overrides = robot.lookup("#override-table").queryTableView();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(onFx(() -> robot.lookup("#action-status").queryAs(Label.class).getText()))
                    .startsWith("Reroute tiny-chat off node-2: APPLIED (audit ");
            assertThat(onFx(() -> List.copyOf(overrides.getItems()))).anySatisfy(o -> {
                assertThat(o.type()).isEqualTo(dev.firebreak.agent.api.ActionType.REROUTE);
                assertThat(o.node()).isEqualTo("node-2");
            });
        });
        long id = onFx(() -> overrides.getItems().stream()
                .filter(o -> o.type() == dev.firebreak.agent.api.ActionType.REROUTE).findFirst().orElseThrow().id());
        showTab(robot, "tab-audit");
        TableView<AuditEntry> audit = robot.lookup("#audit-table").queryTableView();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(onFx(() -> List.copyOf(audit.getItems())))
                .anySatisfy(e -> assertThat(e.id() + " " + e.action() + " " + e.reason()).isEqualTo(id + " REROUTE move it off for the test")));

        showTab(robot, "tab-breakers");

        robot.interact(() -> robot.lookup("#clear-override-" + id).queryButton().fire());
        robot.interact(() -> robot.lookup("#confirmation-reason").queryAs(TextField.class).setText("back to normal"));
        robot.interact(() -> robot.lookup("#confirmation-confirm").queryButton().fire());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(onFx(() -> List.copyOf(overrides.getItems())))
                .noneSatisfy(o -> assertThat(o.id()).isEqualTo(id)));
    }


    @Test
    @org.junit.jupiter.api.Order(4)
    void shouldShowAnIncidentWhenANodeDiesAndAcknowledgeItWithAReason() throws Exception {
        console.cluster().node("node-2").process().kill();
        javafx.scene.control.Tab tab = showTab(robot, "tab-incidents");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(onFx(tab::getText)).isEqualTo("Incidents (1 open)"));

        javafx.scene.control.ListView<dev.firebreak.agent.api.Incident> incidents = robot.lookup("#incidents-list").queryListView();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(onFx(() -> List.copyOf(incidents.getItems())))
                .anySatisfy(i -> assertThat(i.title() + " " + i.state()).isEqualTo("Node down on node-2 OPEN")));
        robot.interact(() -> incidents.getSelectionModel().select(0));
        assertThat(onFx(() -> List.copyOf(robot.lookup("#incident-details").queryListView().getItems())))
                .anySatisfy(line -> assertThat(line.toString()).startsWith("evidence: node node-2 is down"));

        robot.interact(() -> robot.lookup("#incident-acknowledge").queryButton().fire());
        robot.interact(() -> robot.lookup("#confirmation-reason").queryAs(TextField.class).setText("replacing node-2"));
        robot.interact(() -> robot.lookup("#confirmation-confirm").queryButton().fire());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(onFx(() -> robot.lookup("#action-status").queryAs(Label.class).getText()))
                    .startsWith("Acknowledge Node down on node-2: APPLIED (audit ");
            assertThat(onFx(() -> incidents.getItems().getFirst().acknowledgedBy())).isEqualTo("local-operator");
        });
    }
}
