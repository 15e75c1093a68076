package dev.firebreak.app.overview;

import dev.firebreak.app.figures.KvThreshold;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Arc;
import javafx.scene.shape.ArcType;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * A KV cache figure as a ring filled as far as the usage, its percentage in the middle ("n/a"
 * when the engine gives none): amber from where the gateway refuses new work, red when nearly
 * full. A fixed size and unmanaged shapes placed by hand: a new figure redraws the ring and asks
 * nothing of the card or tile around it. A figure that did not change is not set.
 */
final class KvRing extends Region {

    private static final Color TRACK = Color.web("#373e47");
    private static final Color FILL = Color.web("#4493f8");
    private static final Color DETAIL = Color.web("#9198a1");

    private final double size;
    private final Arc fill;
    private final Text figure;
    private final Text unit = text(Font.font(11), DETAIL);
    private boolean drawn;
    private double shownPercent;
    private KvThreshold painted = KvThreshold.UNKNOWN;

    /** A ring of {@code radius} drawn {@code stroke} wide, its figure in {@code figureSize} points. */
    KvRing(double radius, double stroke, double figureSize) {
        this.size = 2 * radius + stroke;
        setMinSize(size, size);
        setPrefSize(size, size);
        setMaxSize(size, size);
        Arc track = arc(radius, stroke, TRACK);
        track.setLength(360);
        fill = arc(radius, stroke, FILL);
        figure = text(Font.font(null, FontWeight.BOLD, figureSize), Color.WHITE);
        unit.setText("KV");
        getChildren().addAll(track, fill, figure, unit);
        for (Node child : getChildren()) {
            child.setManaged(false);
        }
        centre(unit, size / 2 + figureSize * 0.65);
    }

    /** Shows {@code percent} (0-100, NaN: not given), coloured by {@code threshold}. */
    void show(double percent, KvThreshold threshold) {
        if (drawn && Double.compare(percent, shownPercent) == 0 && threshold.equals(painted)) {
            return;
        }
        boolean known = !Double.isNaN(percent);
        double clamped = known ? Math.clamp(percent, 0, 100) : 0;
        fill.setLength(-3.6 * clamped);
        fill.setStroke(Tiles.kvColour(clamped, threshold, FILL));
        figure.setText(known ? Math.round(clamped) + "%" : "n/a");
        centre(figure, size / 2 - figure.getFont().getSize() * 0.25);
        drawn = true;
        shownPercent = percent;
        painted = threshold;
    }

    /** Shows {@code percent} coloured by the threshold it was last given. */
    void show(double percent) {
        show(percent, painted);
    }

    /** Colours the figure shown, and those to come, by {@code threshold}. */
    void threshold(KvThreshold threshold) {
        if (drawn) {
            show(shownPercent, threshold);
        } else {
            painted = threshold;
        }
    }

    /** What the middle reads: "42%", or "n/a". */
    String figure() {
        return figure.getText();
    }

    /** The fill's colour. */
    Color colour() {
        return (Color) fill.getStroke();
    }

    private void centre(Text text, double y) {
        text.relocate((size - text.getLayoutBounds().getWidth()) / 2, y - text.getLayoutBounds().getHeight() / 2);
    }

    private Arc arc(double radius, double stroke, Color colour) {
        Arc arc = new Arc(size / 2, size / 2, radius, radius, 90, 0);
        arc.setType(ArcType.OPEN);
        arc.setFill(null);
        arc.setStroke(colour);
        arc.setStrokeWidth(stroke);
        arc.setStrokeLineCap(StrokeLineCap.BUTT);
        return arc;
    }

    private static Text text(Font font, Color colour) {
        Text text = new Text();
        text.setFont(font);
        text.setFill(colour);
        text.setTextOrigin(VPos.TOP);
        return text;
    }
}
