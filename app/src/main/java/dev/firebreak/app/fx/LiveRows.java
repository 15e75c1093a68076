package dev.firebreak.app.fx;

import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.SimpleLongProperty;
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
    private final LongProperty movedInPlace = new SimpleLongProperty();
    private final Function<T, K> key;

    public LiveRows(Function<T, K> key) {
        this.key = key;
    }

    /** Shows {@code fresh}. */
    public void update(List<T> fresh) {
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
                movedInPlace.set(movedInPlace.get() + 1);
                return;
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
    }

    public ObservableList<LiveRow<T>> rows() {
        return rows;
    }

    /** Counts the updates that changed values and not the list: a sorted table sorts again then. */
    public ReadOnlyLongProperty movedInPlaceProperty() {
        return movedInPlace;
    }

    /** The values shown, in order. */
    public List<T> values() {
        return rows.stream().map(LiveRow::get).toList();
    }
}
