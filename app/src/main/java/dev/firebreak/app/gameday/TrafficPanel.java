package dev.firebreak.app.gameday;

import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local cluster's traffic generator: a rate slider per model and what its clients see
 * (answers, errors, sheds, truncations, latency), measured at the client, through the gateway.
 */
final class TrafficPanel extends VBox {

    /** The highest rate a slider offers, per model: about what the tiny models on three nodes can take. */
    static final double MAX_RPS = 20;

    private final GridPane grid = new GridPane(10, 6);
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final GameDayViewModel model;

    private record Row(Slider slider, Label target, Label seen) {
    }

    TrafficPanel(GameDayViewModel model) {
        super(8);
        this.model = model;
        setId("traffic");
        Label title = new Label("Traffic (clients of the gateway, open loop)");
        title.getStyleClass().add("section-title");
        getChildren().addAll(title, grid);
        model.traffic().addListener((ListChangeListener<TrafficRow>) change -> show());
        show();
    }

    private void show() {
        for (TrafficRow m : model.traffic()) {
            Row row = rows.computeIfAbsent(m.model(), this::addRow);
            if (!row.slider().isValueChanging()) {
                row.slider().setValue(m.targetRps());
            }
            row.target().setText(m.target());
            row.seen().setText(m.seen());
        }
    }

    private Row addRow(String name) {
        Slider slider = new Slider(0, MAX_RPS, 0);
        slider.setId("traffic-" + name);
        slider.setPrefWidth(220);
        slider.setBlockIncrement(0.5);
        Label target = new Label();
        target.setMinWidth(80);
        Label seen = new Label();
        seen.getStyleClass().add("traffic-seen");
        // Only a drag that ends sets the rate; the figures arriving each second move the slider silently.
        slider.valueChangingProperty().subscribe((was, changing) -> {
            if (was && !changing) {
                model.setRate(name, slider.getValue());
            }
        });
        slider.setOnKeyReleased(e -> model.setRate(name, slider.getValue()));
        grid.addRow(rows.size(), new Label(name), slider, target, seen);
        return new Row(slider, target, seen);
    }
}
