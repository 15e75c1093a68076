package dev.firebreak.app.keys;

import dev.firebreak.agent.api.ApiKeyView;
import dev.firebreak.agent.api.KeyStatus;
import dev.firebreak.app.fx.Columns;
import dev.firebreak.app.fx.Tables;
import javafx.scene.control.TableView;

/**
 * The gateway's client API keys: who each is for, its limits, and what it used on the agent replica
 * the console reads (requests, tokens, refusals over its limits, in flight). No secret is ever shown.
 */
public final class KeysView extends TableView<KeyStatus> {

    public KeysView(KeysViewModel model) {
        Tables.sortable(this, model.rows());
        Tables.setUp(this, "keys-table", "No client keys: create one with firebreak-agent keys create");
        getColumns().add(Columns.text("Key", s -> s.key().id(), 130));
        getColumns().add(Columns.text("Name", s -> s.key().name(), 130));
        getColumns().add(Columns.text("Secret", s -> s.key().prefix() + "...", 100));
        getColumns().add(Columns.text("State", s -> s.key().revoked() ? "revoked" : "active", 70));
        getColumns().add(Columns.text("Limits", s -> limits(s.key()), 200));
        getColumns().add(Columns.of("Requests", KeyStatus::requests, String::valueOf, 80));
        getColumns().add(Columns.of("Tokens", KeyStatus::tokens, String::valueOf, 80));
        getColumns().add(Columns.of("Limited", KeyStatus::rateLimited, String::valueOf, 70));
        getColumns().add(Columns.of("In flight", KeyStatus::inFlight, String::valueOf, 70));
    }

    static String limits(ApiKeyView k) {
        return (k.requestsPerMinute() == null ? "" : k.requestsPerMinute() + " req/min  ")
                + (k.tokensPerMinute() == null ? "" : k.tokensPerMinute() + " tok/min  ")
                + (k.maxConcurrent() == null ? "" : k.maxConcurrent() + " at once  ")
                + (k.models().isEmpty() ? "every model" : String.join(", ", k.models()));
    }
}
