package dev.firebreak.app.gameday;

import dev.firebreak.app.fx.Labels;
import dev.firebreak.lab.gameday.Scenario;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The game-day scenarios of the report, one at a time: its own fresh cluster opens in a tab of its
 * own while it runs, its clients' figures show here each second, and its measured table when it ends.
 */
final class ScenarioPanel extends VBox {

    ScenarioPanel(GameDayViewModel model) {
        super(8);
        setId("scenarios");
        Label title = new Label("Scenarios (as in the game-day report)");
        title.getStyleClass().add("section-title");
        ChoiceBox<Scenario> scenarios = new ChoiceBox<>();
        scenarios.setId("scenario-choice");
        scenarios.getItems().setAll(model.scenarios());
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
        scenarios.valueProperty().bindBidirectional(model.scenarioProperty());
        Button run = new Button("Run scenario");
        run.setId("run-scenario");
        run.disableProperty().bind(model.scenarioRunningProperty());
        run.setOnAction(e -> model.runScenario());
        Label live = Labels.bound("scenario-live", "traffic-seen", model.scenarioLiveProperty());
        live.setWrapText(true);
        TextArea result = new TextArea();
        result.setId("scenario-result");
        result.setEditable(false);
        result.setPrefRowCount(6);
        result.getStyleClass().add("scenario-result");
        result.textProperty().bind(model.scenarioResultProperty());
        result.visibleProperty().bind(model.scenarioResultProperty().isNotEmpty());
        result.managedProperty().bind(result.visibleProperty());
        HBox bar = new HBox(8, scenarios, run);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label note = new Label("Each runs on a fresh cluster of its own (separate processes), with its traffic and faults on "
                + "a timeline; the cluster opens in its own tab while it runs. Lower this cluster's traffic first: both share the CPU.");
        note.setWrapText(true);
        note.getStyleClass().add("card-detail");
        getChildren().addAll(title, note, bar, live, result);
    }
}
