package dev.firebreak.app.fx;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

import java.util.function.Function;

/** Table columns that sort by their value and show it formatted. */
public final class Columns {

    private Columns() {
    }

    /** A column of comparable values, shown with {@code format}. */
    public static <S, T extends Comparable<T>> TableColumn<S, T> of(String title, Function<S, T> value,
                                                                    Function<T, String> format, double width) {
        TableColumn<S, T> column = new TableColumn<>(title);
        column.setId("column-" + title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
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

    /** A column of text. */
    public static <S> TableColumn<S, String> text(String title, Function<S, String> value, double width) {
        return of(title, value, Function.identity(), width);
    }
}
