package dev.firebreak.app.fx;

import dev.firebreak.app.figures.KvThreshold;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;

/** A KV cache usage bar with its figure: amber where the gateway's threshold refuses new work, red when nearly full. */
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

    /** Red: the cache is all but out of blocks, whatever the gateway's threshold. */
    private static final double NEARLY_FULL = 0.95;

    /** Shows {@code usage} (0-1) for {@code label} (empty to show the bar alone). */
    public void show(String label, double usage, KvThreshold threshold) {
        name.setText(label);
        name.setVisible(!label.isEmpty());
        name.setManaged(!label.isEmpty());
        bar.setProgress(usage);
        percent.setText(Math.round(usage * 100) + "%");
        StyleClasses.choose(this, c -> c.equals("kv-high") || c.equals("kv-full"),
                usage > NEARLY_FULL ? "kv-full" : threshold.refuses(usage) ? "kv-high" : null);
    }
}
