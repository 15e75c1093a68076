package dev.firebreak.app.fx;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The lines of a live table, one per key. The same keys in the same order again (the common case:
 * the same nodes a second later) change each line's value and not the list; only a node coming,
 * going or moving changes the list, and a line keeps its object while its key stays.
 *
 * <p>Why: replacing a changed row in the list made the table lay out every visible row again (new
 * index, item, CSS and focus for each cell), 15-35 ms of the FX thread a second at 200 nodes, for
 * figures of which a few changed. FX thread only.
 */
public final class LiveRows<T, K> {

    private final ObservableList<LiveRow<T>> rows = FXCollections.observableArrayList();
    private final Function<T, K> key;

    public LiveRows(Function<T, K> key) {
        this.key = key;
    }

    /** Shows {@code fresh}; returns true when only values changed (the list itself did not). */
    public boolean update(List<T> fresh) {
        if (fresh.size() == rows.size()) {
            boolean sameKeys = true;
            for (int i = 0; i < fresh.size() && sameKeys; i++) {
                sameKeys = key.apply(fresh.get(i)).equals(key.apply(rows.get(i).get()));
            }
            if (sameKeys) {
                for (int i = 0; i < fresh.size(); i++) {
                    if (!fresh.get(i).equals(rows.get(i).get())) {
                        rows.get(i).set(fresh.get(i));
                    }
                }
                return true;
            }
        }
        Map<K, LiveRow<T>> kept = new HashMap<>();
        for (LiveRow<T> row : rows) {
            kept.put(key.apply(row.get()), row);
        }
        List<LiveRow<T>> next = new ArrayList<>(fresh.size());
        for (T value : fresh) {
            LiveRow<T> row = kept.remove(key.apply(value));
            if (row == null) {
                row = new LiveRow<>(value);
            } else {
                row.set(value);
            }
            next.add(row);
        }
        rows.setAll(next);
        return false;
    }

    public ObservableList<LiveRow<T>> rows() {
        return rows;
    }

    /** The values shown, in order. */
    public List<T> values() {
        return rows.stream().map(LiveRow::get).toList();
    }
}
