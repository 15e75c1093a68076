package dev.firebreak.app.audit;

import dev.firebreak.agent.api.AuditEntry;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/** The newest entries of the agent's audit log, newest first, as JavaFX state. FX thread only. */
public final class AuditViewModel {

    private final ObservableList<AuditEntry> entries = FXCollections.observableArrayList();

    /** Shows {@code newest} (newest first); the same entries again change nothing. */
    public void apply(List<AuditEntry> newest) {
        if (!newest.equals(entries)) {
            entries.setAll(newest);
        }
    }

    public ObservableList<AuditEntry> entries() {
        return entries;
    }
}
