package dev.firebreak.app.fx;

import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;

/** What every table of the console has: an id, the last column taking the spare width, a placeholder while empty. */
public final class Tables {

    private Tables() {
    }

    /** Gives {@code table} its id and its placeholder, and lets its last column take the width the others leave. */
    public static void setUp(TableView<?> table, String id, String placeholder) {
        table.setId(id);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(placeholder));
    }

    /** Shows the live {@code rows} in {@code table}, in the order its column headers are clicked to. */
    public static <T> SortedList<T> sortable(TableView<T> table, ObservableList<T> rows) {
        SortedList<T> sorted = new SortedList<>(rows);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        return sorted;
    }

    /**
     * Shows the lines of a live table (see {@link LiveRows}) in {@code table}, in the order its
     * column headers are clicked to; the returned action sorts them again, for when their values
     * moved without the list changing (nothing to do while no column is sorted).
     */
    public static <T> Runnable liveSortable(TableView<LiveRow<T>> table, ObservableList<LiveRow<T>> rows) {
        SortedList<LiveRow<T>> sorted = sortable(table, rows);
        return () -> {
            if (table.getComparator() != null) {
                // A sorted list sorts again when its comparator changes; the table's must stay bound to it.
                sorted.comparatorProperty().unbind();
                sorted.setComparator(null);
                sorted.comparatorProperty().bind(table.comparatorProperty());
            }
        };
    }
}
