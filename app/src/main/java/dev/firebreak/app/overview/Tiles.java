package dev.firebreak.app.overview;

import dev.firebreak.app.figures.Health;
import dev.firebreak.app.figures.KvThreshold;
import eu.hansolo.tilesfx.Section;
import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.TileBuilder;
import javafx.scene.paint.Color;

/** The overview's colours, and the TilesFX set-up of the model cards' gauges: no animation, KV sections, colour by health only. */
final class Tiles {

    static final Color BACKGROUND = Color.web("#22272e");
    private static final Color AMBER = Color.web("#d29922");
    private static final Color RED = Color.web("#f85149");
    private static final Color ORANGE = Color.web("#db6d28");
    /** Red on a gauge: the cache is all but out of blocks, whatever the gateway's threshold. */
    private static final double NEARLY_FULL_PERCENT = 95;

    private Tiles() {
    }

    /** A KV gauge in percent, red from 95%; amber from the gateway's threshold once {@link #threshold} gives it. */
    static Tile kvGauge(Tile.SkinType skin, String title, double width, double height) {
        return TileBuilder.create().skinType(skin).prefSize(width, height).title(title).unit("% KV")
                .minValue(0).maxValue(100).decimals(0).animated(false)
                .sections(new Section(NEARLY_FULL_PERCENT, 100, RED)).sectionsVisible(true)
                .backgroundColor(BACKGROUND).roundedCorners(true).textVisible(true).build();
    }

    /** Amber from where the gateway stops sending the node new work, up to nearly full. */
    static void threshold(Tile tile, KvThreshold threshold) {
        Section red = new Section(NEARLY_FULL_PERCENT, 100, RED);
        if (threshold.known()) {
            double from = Math.min(100 * threshold.share(), NEARLY_FULL_PERCENT);
            tile.setSections(new Section(from, NEARLY_FULL_PERCENT, AMBER), red);
        } else {
            tile.setSections(red);
        }
    }

    /** The colour trouble of {@code health} is drawn in; null when healthy (only trouble is coloured). */
    static Color accent(Health health) {
        return switch (health) {
            case HEALTHY -> null;
            case DEGRADED -> AMBER;
            case OPEN -> ORANGE;
            case DOWN -> RED;
        };
    }

    /** A KV figure's colour, as the gauges' sections have it: red when nearly full, amber from the gateway's threshold. */
    static Color kvColour(double percent, KvThreshold threshold, Color normal) {
        return percent >= NEARLY_FULL_PERCENT ? RED : threshold.refuses(percent / 100) ? AMBER : normal;
    }
}
