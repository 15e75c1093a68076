package dev.firebreak.app.fx;

import javafx.geometry.VPos;
import javafx.scene.text.Text;

import java.util.function.Function;

/**
 * A live table's cell of text (see {@link ContainedCell}). The text is a plain {@code Text}, not a
 * label: a label's new text re-sets its children and lays itself out again; a text shape only
 * redraws, at the cell's left. A text wider than the cell ends in an ellipsis, as a label's would.
 */
final class TextCell<S> extends ContainedCell<S, Text> {

    private static final String ELLIPSIS = "…";

    private final Function<S, String> text;
    private String full = "";

    TextCell(Function<S, String> text) {
        super(new Text());
        this.text = text;
        Text shape = content();
        shape.setTextOrigin(VPos.TOP);
        // The cell's colour and font, as CSS gives them to it (a selected row, a stale table).
        shape.fillProperty().bind(textFillProperty());
        shape.fontProperty().bind(fontProperty());
    }

    @Override
    protected void show(S value) {
        String shown = value == null ? null : text.apply(value);
        full = shown == null ? "" : shown;
        fit();
        showContent(value != null);
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        fit(); // the column's width may have changed
    }

    /** Shows the whole text, or as much of it as the cell holds and an ellipsis. */
    private void fit() {
        Text shape = content();
        shape.setText(full);
        double room = getWidth() - snappedLeftInset() - snappedRightInset();
        if (room <= 0 || shape.getLayoutBounds().getWidth() <= room) {
            return;
        }
        int keep = full.length();
        do {
            keep--;
            shape.setText(full.substring(0, keep) + ELLIPSIS);
        } while (keep > 0 && shape.getLayoutBounds().getWidth() > room);
    }
}
