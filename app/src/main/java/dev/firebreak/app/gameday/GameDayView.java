package dev.firebreak.app.gameday;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;

/**
 * The game-day panel of a local cluster: the traffic, the node faults of the outage story (KV leak,
 * latency, errors, truncation, stall, crash) to switch on and off, and the report's scenarios.
 */
public final class GameDayView extends ScrollPane {

    public GameDayView(GameDayViewModel model) {
        setId("game-day");
        Label title = new Label("Game day");
        title.getStyleClass().add("section-title");
        Label intro = new Label("Inject the faults of a real outage into this local cluster's nodes and watch the agent "
                + "detect them, the breakers open and the gateway route around them. Faults go straight to the node's "
                + "control endpoint; switch one off to heal it.");
        intro.setWrapText(true);
        Label faultTitle = new Label("Node faults");
        faultTitle.getStyleClass().add("section-title");
        VBox content = new VBox(10, title, intro, new TrafficPanel(model), faultTitle, new FaultGrid(model), new ScenarioPanel(model));
        content.setPadding(new Insets(12));
        setContent(content);
        setFitToWidth(true);
    }
}
