package dev.firebreak.app.audit;

import dev.firebreak.agent.api.AuditEntry;
import dev.firebreak.app.fx.Columns;
import dev.firebreak.app.fx.Tables;
import javafx.scene.control.TableView;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The agent's audit log: who did what, when, why, and what came of it; newest first. */
public final class AuditView extends TableView<AuditEntry> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    public AuditView(AuditViewModel model) {
        Tables.setUp(this, model.entries(), "audit-table", "No actions yet");
        getColumns().add(Columns.of("Id", AuditEntry::id, String::valueOf, 50));
        getColumns().add(Columns.of("When", AuditEntry::atMillis, t -> TIME.format(Instant.ofEpochMilli(t)), 110));
        getColumns().add(Columns.text("Who", e -> e.who() + " (" + e.role() + ")", 140));
        getColumns().add(Columns.text("Action", AuditEntry::action, 90));
        getColumns().add(Columns.text("Target", AuditEntry::target, 130));
        getColumns().add(Columns.text("Decision", AuditEntry::decision, 80));
        getColumns().add(Columns.text("Reason", AuditEntry::reason, 180));
        getColumns().add(Columns.text("Outcome", AuditEntry::outcome, 220));
    }
}
