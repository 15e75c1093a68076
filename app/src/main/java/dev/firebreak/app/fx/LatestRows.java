package dev.firebreak.app.fx;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/** The rows of a table that shows the latest list the agent gave, as JavaFX state. FX thread only. */
public class LatestRows<T> {

    private final ObservableList<T> rows = FXCollections.observableArrayList();

    /** Shows {@code newest}; the same rows again change nothing (no flicker, no lost selection). */
    public void apply(List<T> newest) {
        if (!newest.equals(rows)) {
            rows.setAll(newest);
        }
    }

    public ObservableList<T> rows() {
        return rows;
    }
}
