package dev.firebreak.app.fx;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.util.Callback;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;

/** Table columns that sort by their value and show it formatted. */
public final class Columns {

    private Columns() {
    }

    /** A column of comparable values, shown with {@code format}. */
    public static <S, T extends Comparable<T>> TableColumn<S, T> of(String title, Function<S, T> value,
                                                                    Function<T, String> format, double width) {
        return column(title, cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())), format, width);
    }

    /** A column of text. */
    public static <S> TableColumn<S, String> text(String title, Function<S, String> value, double width) {
        return of(title, value, Function.identity(), width);
    }

    /** A column of a live table (see {@link LiveRows}): each cell follows its line's value and redraws when its text changes. */
    public static <S, T extends Comparable<T>> TableColumn<LiveRow<S>, T> live(String title, Function<S, T> value,
                                                                              Function<T, String> format, double width) {
        return column(title, cell -> cell.getValue().value().map(value), format, width);
    }

    /** A column of text of a live table. */
    public static <S> TableColumn<LiveRow<S>, String> liveText(String title, Function<S, String> value, double width) {
        return live(title, value, Function.identity(), width);
    }

    /**
     * A column of a live table whose cells draw the whole value (kept current as the line changes),
     * sorted by {@code order} ({@code null}: not sortable); the caller gives it its cell factory.
     */
    public static <S> TableColumn<LiveRow<S>, S> whole(String title, double width, Comparator<S> order) {
        TableColumn<LiveRow<S>, S> column = new TableColumn<>(title);
        column.setId(id(title));
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> cell.getValue().value());
        if (order != null) {
            column.setComparator(order);
        } else {
            column.setSortable(false);
        }
        return column;
    }

    /** A column's id: "column-" and its title in lower case, words joined by dashes ("Req/s": column-req-s). */
    public static String id(String title) {
        return "column-" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static <S, T> TableColumn<S, T> column(String title, Callback<TableColumn.CellDataFeatures<S, T>, ObservableValue<T>> value,
                                                   Function<T, String> format, double width) {
        TableColumn<S, T> column = new TableColumn<>(title);
        column.setId(id(title));
        column.setCellValueFactory(value);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
            }
        });
        column.setPrefWidth(width);
        return column;
    }
}
