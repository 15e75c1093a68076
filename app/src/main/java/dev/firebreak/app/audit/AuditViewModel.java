package dev.firebreak.app.audit;

import dev.firebreak.agent.api.AuditEntry;
import dev.firebreak.app.fx.LatestRows;
import javafx.collections.ObservableList;

/** The newest entries of the agent's audit log, newest first, as JavaFX state. FX thread only. */
public final class AuditViewModel extends LatestRows<AuditEntry> {

    public ObservableList<AuditEntry> entries() {
        return rows();
    }
}
