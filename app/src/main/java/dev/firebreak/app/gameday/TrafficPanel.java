package dev.firebreak.app.gameday;

import dev.firebreak.lab.loadgen.LoadStats;
import dev.firebreak.lab.loadgen.ModelStats;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The local cluster's traffic generator: a rate slider per model and what its clients see
 * (answers, errors, sheds, truncations, latency), measured at the client, through the gateway.
 */
public final class TrafficPanel extends VBox {

    /** The highest rate a slider offers, per model: about what the tiny models on three nodes can take. */
    static final double MAX_RPS = 20;

    private final GridPane grid = new GridPane(10, 6);
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final BiConsumer<String, Double> setRate;

    private record Row(Slider slider, Label target, Label seen) {
    }

    public TrafficPanel(BiConsumer<String, Double> setRate) {
        super(8);
        this.setRate = setRate;
        setId("traffic");
        Label title = new Label("Traffic (clients of the gateway, open loop)");
        title.getStyleClass().add("section-title");
        getChildren().addAll(title, grid);
    }

    /** Shows what the clients see now. FX thread only. */
    public void show(LoadStats stats) {
        if (stats == null) {
            return;
        }
        for (ModelStats m : stats.models()) {
            Row row = rows.computeIfAbsent(m.model(), this::addRow);
            if (!row.slider().isValueChanging()) {
                row.slider().setValue(m.targetRps());
            }
            row.target().setText(String.format(Locale.ROOT, "%.1f req/s", m.targetRps()));
            row.seen().setText(String.format(Locale.ROOT, "answered %.1f/s · errors %.1f/s · shed %.1f/s · truncated %.1f/s · p99 %s",
                    m.okPerSecond(), m.errorsPerSecond(), m.shedPerSecond(), m.truncatedPerSecond(),
                    Double.isNaN(m.p99LatencyMillis()) ? "—" : String.format(Locale.ROOT, "%.0f ms", m.p99LatencyMillis())));
        }
    }

    private Row addRow(String model) {
        Slider slider = new Slider(0, MAX_RPS, 0);
        slider.setId("traffic-" + model);
        slider.setPrefWidth(220);
        slider.setBlockIncrement(0.5);
        Label target = new Label();
        target.setMinWidth(80);
        Label seen = new Label();
        seen.getStyleClass().add("traffic-seen");
        // Only a drag that ends sets the rate; the figures arriving each second move the slider silently.
        slider.valueChangingProperty().subscribe((was, changing) -> {
            if (was && !changing) {
                setRate.accept(model, Math.round(slider.getValue() * 2) / 2.0);
            }
        });
        slider.setOnKeyReleased(e -> setRate.accept(model, Math.round(slider.getValue() * 2) / 2.0));
        int r = rows.size();
        grid.addRow(r, new Label(model), slider, target, seen);
        return new Row(slider, target, seen);
    }
}
