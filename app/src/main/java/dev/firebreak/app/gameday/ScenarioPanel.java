package dev.firebreak.app.gameday;

import dev.firebreak.app.fx.FxCoalescer;
import dev.firebreak.lab.gameday.Report;
import dev.firebreak.lab.gameday.Scenario;
import dev.firebreak.lab.gameday.ScenarioResult;
import dev.firebreak.lab.gameday.ScenarioRunner;
import dev.firebreak.lab.gameday.Scenarios;
import dev.firebreak.lab.loadgen.LoadStats;
import dev.firebreak.lab.localcluster.LocalCluster;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * Runs one of the game-day scenarios of the report (`firebreak-lab gameday`) from the console:
 * its own fresh cluster opens in a tab of its own while it runs, its clients' figures show here
 * each second, and its measured table when it ends.
 */
public final class ScenarioPanel extends VBox {

    /** Opens a tab on a scenario's cluster; the returned action closes it again. FX thread. */
    public interface ClusterTabs {
        Runnable open(LocalCluster cluster);
    }

    private final ChoiceBox<Scenario> scenarios = new ChoiceBox<>();
    private final Button run = new Button("Run scenario");
    private final Label live = new Label();
    private final TextArea result = new TextArea();

    public ScenarioPanel(ClusterTabs tabs) {
        super(8);
        setId("scenarios");
        Label title = new Label("Scenarios (as in the game-day report)");
        title.getStyleClass().add("section-title");
        scenarios.setId("scenario-choice");
        scenarios.getItems().setAll(Scenarios.all());
        scenarios.setConverter(new StringConverter<>() {
            @Override
            public String toString(Scenario s) {
                return s == null ? "" : s.name() + ": " + s.title();
            }

            @Override
            public Scenario fromString(String text) {
                return null;
            }
        });
        scenarios.getSelectionModel().selectFirst();
        run.setId("run-scenario");
        live.setId("scenario-live");
        live.getStyleClass().add("traffic-seen");
        live.setWrapText(true);
        result.setId("scenario-result");
        result.setEditable(false);
        result.setPrefRowCount(6);
        result.getStyleClass().add("scenario-result");
        result.setVisible(false);
        result.managedProperty().bind(result.visibleProperty());
        HBox bar = new HBox(8, scenarios, run);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label note = new Label("Each runs on a fresh cluster of its own (separate processes), with its traffic and faults on "
                + "a timeline; the cluster opens in its own tab while it runs. Lower this cluster's traffic first: both share the CPU.");
        note.setWrapText(true);
        note.getStyleClass().add("card-detail");
        getChildren().addAll(title, note, bar, live, result);
        run.setOnAction(e -> start(tabs));
    }

    private void start(ClusterTabs tabs) {
        Scenario scenario = scenarios.getValue();
        run.setDisable(true);
        result.setVisible(false);
        live.setText("Starting " + scenario.name() + ": its nodes and agent...");
        FxCoalescer<LoadStats> toScreen = new FxCoalescer<>(stats -> live.setText(stats.progressLine()));
        Runnable[] closeTab = {() -> { }};
        Thread.ofVirtual().name("scenario-" + scenario.name()).start(() -> {
            String outcome;
            try {
                ScenarioResult r = ScenarioRunner.run(scenario, null, toScreen::submit,
                        cluster -> Platform.runLater(() -> closeTab[0] = tabs.open(cluster)));
                outcome = Report.scenarioTable(r);
            } catch (Exception e) {
                outcome = scenario.name() + " failed: " + e.getMessage();
            }
            String text = outcome;
            Platform.runLater(() -> {
                closeTab[0].run();
                live.setText(scenario.name() + " finished.");
                result.setText(text);
                result.setVisible(true);
                run.setDisable(false);
            });
        });
    }
}
