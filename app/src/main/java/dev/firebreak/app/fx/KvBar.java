package dev.firebreak.app.fx;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;

import java.util.Locale;

/** A KV cache usage bar with its figure: plain below 85%, amber above, red above 95%. */
public final class KvBar extends HBox {

    private final Label name = new Label();
    private final ProgressBar bar = new ProgressBar(0);
    private final Label percent = new Label();

    public KvBar() {
        super(6);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("kv-bar");
        name.getStyleClass().add("kv-bar-name");
        bar.setPrefWidth(90);
        percent.getStyleClass().add("kv-bar-percent");
        percent.setMinWidth(38);
        getChildren().addAll(name, bar, percent);
    }

    /** Shows {@code usage} (0-1) for {@code label} (empty to show the bar alone). */
    public void show(String label, double usage) {
        name.setText(label);
        name.setVisible(!label.isEmpty());
        name.setManaged(!label.isEmpty());
        bar.setProgress(usage);
        percent.setText(String.format(Locale.ROOT, "%.0f%%", usage * 100));
        getStyleClass().removeAll("kv-high", "kv-full");
        if (usage > 0.95) {
            getStyleClass().add("kv-full");
        } else if (usage > 0.85) {
            getStyleClass().add("kv-high");
        }
    }
}
