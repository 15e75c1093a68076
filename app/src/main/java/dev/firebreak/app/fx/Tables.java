package dev.firebreak.app.fx;

import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;

/** How the console's plain tables are set up: sortable by their columns, last column taking the room left. */
public final class Tables {

    private Tables() {
    }

    /** Shows {@code rows} in {@code table}, sorted as its columns say, with {@code empty} when there are none. */
    public static <S> void setUp(TableView<S> table, ObservableList<S> rows, String id, String empty) {
        SortedList<S> sorted = new SortedList<>(rows);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setId(id);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(empty));
    }
}
