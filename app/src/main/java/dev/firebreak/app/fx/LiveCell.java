package dev.firebreak.app.fx;

import javafx.scene.control.TableCell;
import javafx.util.Subscription;

/**
 * A cell of a live table (see {@link LiveRows}): its item is the line, which stays, and the cell
 * follows the line's value itself. A {@code TableCell} whose item changes asks its row for a layout
 * (it updates at layout), and a table with any row wanting layout rebuilds every visible row; so
 * the item here never changes while the line stays, and only what the cell draws does.
 */
public abstract class LiveCell<S> extends TableCell<LiveRow<S>, LiveRow<S>> {

    private Subscription following = Subscription.EMPTY;

    @Override
    protected final void updateItem(LiveRow<S> line, boolean empty) {
        super.updateItem(line, empty);
        following.unsubscribe();
        if (empty || line == null) {
            following = Subscription.EMPTY;
            show(null);
        } else {
            following = line.value().subscribe(this::show); // now, and at each new value
        }
    }

    /** Draws {@code value}, the line's newest; {@code null} on an empty row. */
    protected abstract void show(S value);

    /** The line's newest value, or null on an empty row. */
    protected final S value() {
        LiveRow<S> line = getItem();
        return line == null ? null : line.get();
    }
}
