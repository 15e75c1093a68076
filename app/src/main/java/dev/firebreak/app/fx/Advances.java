package dev.firebreak.app.fx;

import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.util.HashMap;
import java.util.Map;

/**
 * How wide a font draws texts, for live cells that end a text too wide for its column in an
 * ellipsis: each character's width measured once, so that a text that fits with room to spare
 * (nearly all figures) is not laid out to be measured; a text near its column's width is measured
 * whole, off screen. FX thread.
 */
final class Advances {

    /** Kerning and rounding make a drawn text a little wider or narrower than its characters' sum. */
    private static final double MARGIN = 1.1;
    private static final Map<Font, Advances> BY_FONT = new HashMap<>();

    private final Text probe = new Text();
    private final Map<Integer, Double> widths = new HashMap<>();

    private Advances(Font font) {
        probe.setFont(font);
    }

    static Advances of(Font font) {
        return BY_FONT.computeIfAbsent(font, Advances::new);
    }

    /** Whether {@code text} is drawn within {@code room}. */
    boolean fits(String text, double room) {
        return estimate(text) <= room || measure(text) <= room;
    }

    /** The longest start of {@code text} that, followed by {@code ellipsis}, is drawn within {@code room}. */
    String cut(String text, String ellipsis, double room) {
        int keep = text.length();
        String cut;
        do {
            keep--;
            cut = text.substring(0, Math.max(0, keep)) + ellipsis;
        } while (keep > 0 && measure(cut) > room);
        return cut;
    }

    private double estimate(String text) {
        double sum = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            sum += widths.computeIfAbsent(c, k -> measure(Character.toString(k)));
            i += Character.charCount(c);
        }
        return sum * MARGIN;
    }

    private double measure(String text) {
        probe.setText(text);
        return probe.getLayoutBounds().getWidth();
    }
}
