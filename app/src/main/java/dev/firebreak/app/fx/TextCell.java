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
    private double fittedWidth = -1;

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
        String next = shown == null ? "" : shown;
        if (!next.equals(full) || getWidth() != fittedWidth) {
            // Most of a line's new figures leave most of its cells' texts as they were.
            full = next;
            fit();
        }
        showContent(value != null);
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        if (getWidth() != fittedWidth) {
            fit(); // the column's width changed
        }
    }

    /** Shows the whole text, or as much of it as the cell holds and an ellipsis; sets the shape's text only when that changes. */
    private void fit() {
        fittedWidth = getWidth();
        double room = fittedWidth - snappedLeftInset() - snappedRightInset();
        Advances advances = Advances.of(content().getFont());
        String shown = room <= 0 || advances.fits(full, room) ? full : advances.cut(full, ELLIPSIS, room);
        if (!shown.equals(content().getText())) {
            content().setText(shown);
        }
    }
}
