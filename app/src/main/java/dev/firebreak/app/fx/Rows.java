package dev.firebreak.app.fx;

import javafx.collections.ObservableList;

import java.util.List;
import java.util.function.Function;

/** Updates a table's rows in place: only rows that changed are replaced, so selection and scroll survive. */
public final class Rows {

    private Rows() {
    }

    public static <T, K> void update(ObservableList<T> rows, List<T> fresh, Function<T, K> key) {
        if (fresh.size() != rows.size() || !fresh.stream().map(key).toList().equals(rows.stream().map(key).toList())) {
            rows.setAll(fresh);
            return;
        }
        for (int i = 0; i < fresh.size(); i++) {
            if (!fresh.get(i).equals(rows.get(i))) {
                rows.set(i, fresh.get(i));
            }
        }
    }
}
