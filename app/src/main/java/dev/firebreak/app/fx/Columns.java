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

    /**
     * A column of a live table (see {@link LiveRows}), sorted by {@code value} and showing it with
     * {@code format}: each cell follows its line and redraws its text alone when it changes.
     */
    public static <S, T extends Comparable<T>> TableColumn<LiveRow<S>, LiveRow<S>> live(String title, Function<S, T> value,
                                                                                        Function<T, String> format, double width) {
        TableColumn<LiveRow<S>, LiveRow<S>> column = whole(title, width,
                Comparator.comparing(value, Comparator.nullsFirst(Comparator.naturalOrder())));
        column.setCellFactory(c -> new TextCell<>(s -> {
            T v = value.apply(s);
            return v == null ? null : format.apply(v);
        }));
        return column;
    }

    /** A column of text of a live table. */
    public static <S> TableColumn<LiveRow<S>, LiveRow<S>> liveText(String title, Function<S, String> value, double width) {
        return live(title, value, Function.identity(), width);
    }

    /**
     * A column of a live table showing a state's name, coloured by the style class
     * {@code stylePrefix} and the name in lower case, dashes for underscores ("breaker-half-open"),
     * sorted by {@code order}.
     */
    public static <S> TableColumn<LiveRow<S>, LiveRow<S>> liveState(String title, double width, Function<S, ? extends Enum<?>> state,
                                                                     String stylePrefix, Comparator<S> order) {
        TableColumn<LiveRow<S>, LiveRow<S>> column = whole(title, width, order);
        column.setCellFactory(c -> new LiveCell<>() {
            @Override
            protected void show(S value) {
                Enum<?> s = value == null ? null : state.apply(value);
                setText(s == null ? null : s.name());
                StyleClasses.choose(this, k -> k.startsWith(stylePrefix), s == null ? null
                        : stylePrefix + s.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        });
        return column;
    }

    /**
     * A column of a live table whose cells ({@link LiveCell}s, from the caller's cell factory) draw
     * the line's whole value, sorted by {@code order} ({@code null}: not sortable). The cell's item is
     * the line itself, which stays while its thing does.
     */
    public static <S> TableColumn<LiveRow<S>, LiveRow<S>> whole(String title, double width, Comparator<S> order) {
        TableColumn<LiveRow<S>, LiveRow<S>> column = new TableColumn<>(title);
        column.setId(id(title));
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> cell.getValue().itself());
        if (order != null) {
            column.setComparator(Comparator.comparing(LiveRow::get, order));
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
