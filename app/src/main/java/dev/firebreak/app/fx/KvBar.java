package dev.firebreak.app.fx;

import dev.firebreak.app.figures.KvThreshold;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * A KV cache usage bar with its figure: amber where the gateway's threshold refuses new work, red
 * when nearly full. The bar is two plain regions, a track and its fill, rather than a
 * {@code ProgressBar}: a live table shows one per row and redraws them every second, and a
 * progress bar's skin and its CSS cost more than the figure does.
 */
public final class KvBar extends HBox {

    /** Red: the cache is all but out of blocks, whatever the gateway's threshold. */
    private static final double NEARLY_FULL = 0.95;

    private final Label name = new Label();
    private final Meter meter = new Meter();
    private final Label percent = new Label();

    public KvBar() {
        super(6);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("kv-bar");
        name.getStyleClass().add("kv-bar-name");
        percent.getStyleClass().add("kv-bar-percent");
        percent.setMinWidth(38);
        getChildren().addAll(name, meter, percent);
    }

    /** Shows {@code usage} (0-1) for {@code label} (empty to show the bar alone). */
    public void show(String label, double usage, KvThreshold threshold) {
        name.setText(label);
        name.setVisible(!label.isEmpty());
        name.setManaged(!label.isEmpty());
        meter.show(usage);
        percent.setText(Math.round(usage * 100) + "%");
        StyleClasses.choose(this, c -> c.equals("kv-high") || c.equals("kv-full"),
                usage > NEARLY_FULL ? "kv-full" : threshold.refuses(usage) ? "kv-high" : null);
    }

    /** The track, and the fill as wide as the usage. */
    private static final class Meter extends Region {
        private final Region fill = new Region();
        private double usage;

        Meter() {
            getStyleClass().add("kv-track");
            fill.getStyleClass().add("kv-fill");
            fill.setManaged(false);
            getChildren().add(fill);
            setPrefSize(90, 10);
            setMinSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
            setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        }

        void show(double value) {
            double clamped = Double.isNaN(value) ? 0 : Math.clamp(value, 0, 1);
            if (clamped != usage) {
                usage = clamped;
                requestLayout();
            }
        }

        @Override
        protected void layoutChildren() {
            fill.resizeRelocate(0, 0, snapSizeX(getWidth() * usage), getHeight());
        }
    }
}
