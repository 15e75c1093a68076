package dev.firebreak.app.fx;

import javafx.geometry.VPos;
import javafx.scene.text.Text;

import java.util.function.Function;

/**
 * A live table's cell of text (see {@link ContainedCell}). The text is a plain {@code Text}, not a
 * label: a label's new text re-sets its children and lays itself out again; a text shape only
 * redraws, at the cell's left, clipped to it.
 */
final class TextCell<S> extends ContainedCell<S, Text> {

    private final Function<S, String> text;

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
        content().setText(shown == null ? "" : shown);
        showContent(value != null);
    }
}
