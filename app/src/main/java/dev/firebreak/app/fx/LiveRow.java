package dev.firebreak.app.fx;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;

/**
 * One line of a live table: it stays in the table while its thing (a node, a model) does, and its
 * value is the thing's newest figures. Cells observe the value, so a new second's figures redraw
 * the cells whose text changed, and the table's list, selection, focus and scroll do not move.
 */
public final class LiveRow<T> {

    private final ReadOnlyObjectWrapper<T> value;
    private final ObservableValue<LiveRow<T>> itself = new ReadOnlyObjectWrapper<>(this);

    LiveRow(T value) {
        this.value = new ReadOnlyObjectWrapper<>(value);
    }

    public T get() {
        return value.get();
    }

    public ReadOnlyObjectProperty<T> value() {
        return value.getReadOnlyProperty();
    }

    /** The line as a table cell's value, which never changes: its cells follow {@link #value()} (see {@link LiveCell}). */
    public ObservableValue<LiveRow<T>> itself() {
        return itself;
    }

    void set(T newest) {
        value.set(newest);
    }

    @Override
    public String toString() {
        return "LiveRow[" + value.get() + "]";
    }
}
