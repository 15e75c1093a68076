package dev.firebreak.app.fx;

import javafx.scene.Node;
import javafx.scene.control.TableCell;

/** A table cell that shows a graphic built for its row's value, and nothing on an empty row. */
public abstract class GraphicCell<S, T> extends TableCell<S, T> {

    /** The graphic for {@code item}, never called for an empty row. */
    protected abstract Node graphic(T item);

    @Override
    protected final void updateItem(T item, boolean empty) {
        super.updateItem(item, empty);
        setGraphic(empty || item == null ? null : graphic(item));
    }
}
