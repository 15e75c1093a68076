package dev.firebreak.app.fx;

import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;

import java.util.Comparator;
import java.util.List;

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
     * column headers are clicked to, sorted again when their values moved without the list changing
     * and out of that order.
     */
    public static <T> void liveSortable(TableView<LiveRow<T>> table, LiveRows<T, ?> lines) {
        SortedList<LiveRow<T>> sorted = sortable(table, lines.rows());
        lines.movedInPlaceProperty().subscribe((Number updates) -> {
            Comparator<LiveRow<T>> order = table.getComparator();
            // Sorting again re-indexes every row on screen; an order the new figures kept needs none.
            if (order != null && !inOrder(sorted, order)) {
                // A sorted list sorts again when its comparator changes; the table's must stay bound to it.
                sorted.comparatorProperty().unbind();
                sorted.setComparator(null);
                sorted.comparatorProperty().bind(table.comparatorProperty());
            }
        });
    }

    private static <T> boolean inOrder(List<T> rows, Comparator<T> order) {
        for (int i = 1; i < rows.size(); i++) {
            if (order.compare(rows.get(i - 1), rows.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }
}
