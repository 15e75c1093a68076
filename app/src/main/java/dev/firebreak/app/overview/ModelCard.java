package dev.firebreak.app.overview;

import dev.firebreak.app.fx.StyleClasses;
import dev.firebreak.app.figures.KvThreshold;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * One model at a glance: requests/s, error share and p99 time to first token in large figures,
 * its breakers, and its KV cache as a ring ({@link KvRing}). A coloured edge and badge only when in trouble.
 */
final class ModelCard extends HBox {

    private final Label name = new Label();
    private final Label badge = new Label();
    private final Label rate = figure();
    private final Label errors = figure();
    private final Label ttft = figure();
    private final Label breakers = new Label();
    private final KvRing kv = new KvRing(62, 12, 30);
    private final Tooltip tooltip = new Tooltip();

    ModelCard(String model) {
        super(12);
        setId("tile-" + model);
        getStyleClass().add("model-card");
        setPadding(new Insets(10, 10, 10, 14));
        name.setText(model);
        name.getStyleClass().add("card-title");
        badge.getStyleClass().add("health-badge");
        breakers.getStyleClass().add("card-detail");
        breakers.setWrapText(true);
        breakers.setMaxWidth(230);
        GridPane figures = new GridPane(14, 0);
        figures.addRow(0, rate, errors, ttft);
        figures.addRow(1, caption("req/s"), caption("errors"), caption("p99 TTFT"));
        VBox left = new VBox(8, new HBox(8, name, badge), figures, breakers);
        left.setMinWidth(240);
        getChildren().addAll(left, kv);
        Tooltip.install(this, tooltip);
    }

    private static Label figure() {
        Label label = new Label();
        label.getStyleClass().add("card-figure");
        return label;
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("card-caption");
        return label;
    }

    void show(ModelTile m) {
        rate.setText(m.requests());
        errors.setText(m.errors());
        ttft.setText(m.ttft());
        breakers.setText(m.detail());
        kv.show(m.kvPercent());
        badge.setText(m.badge());
        StyleClasses.choose(this, c -> c.startsWith("health-"), m.health().styleClass());
        tooltip.setText(m.tooltip());
    }

    void threshold(KvThreshold threshold) {
        kv.threshold(threshold);
    }
}
