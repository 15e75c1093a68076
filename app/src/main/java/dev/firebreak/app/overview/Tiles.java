package dev.firebreak.app.overview;

import dev.firebreak.app.figures.Health;
import dev.firebreak.app.figures.KvThreshold;
import javafx.scene.paint.Color;

/** The overview's colours: trouble by health only, KV figures amber from the gateway's threshold and red when nearly full. */
final class Tiles {

    static final Color BACKGROUND = Color.web("#22272e");
    private static final Color AMBER = Color.web("#d29922");
    private static final Color RED = Color.web("#f85149");
    private static final Color ORANGE = Color.web("#db6d28");
    /** Red: the cache is all but out of blocks, whatever the gateway's threshold. */
    private static final double NEARLY_FULL_PERCENT = 95;

    private Tiles() {
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

    /** A KV figure's colour: red when nearly full, amber from the gateway's threshold. */
    static Color kvColour(double percent, KvThreshold threshold, Color normal) {
        return percent >= NEARLY_FULL_PERCENT ? RED : threshold.refuses(percent / 100) ? AMBER : normal;
    }
}
