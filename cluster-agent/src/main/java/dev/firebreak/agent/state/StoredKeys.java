package dev.firebreak.agent.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firebreak.agent.api.ApiKeyView;
import dev.firebreak.node.http.Json;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Client API keys in the state store: one row each with the hash of its secret as a column (unique,
 * so two keys can never share a secret) and what is shown of the key as JSON, like the incidents.
 */
final class StoredKeys {

    private StoredKeys() {
    }

    static List<StateStore.StoredKey> all(JdbcStateStore store) throws SQLException {
        return store.inTransaction(db -> {
            List<StateStore.StoredKey> keys = new ArrayList<>();
            try (PreparedStatement s = db.prepareStatement("SELECT secret_hash, record FROM api_keys ORDER BY id");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    keys.add(new StateStore.StoredKey(Json.mapper().readValue(r.getString("record"), ApiKeyView.class),
                            r.getString("secret_hash")));
                }
            } catch (IOException e) {
                throw new SQLException("a client key record does not read back: " + e.getMessage(), e);
            }
            keys.sort(java.util.Comparator.comparingLong(k -> k.key().createdAtMillis()));
            return keys;
        });
    }

    static void save(JdbcStateStore store, StateStore.StoredKey key) throws SQLException {
        String record;
        try {
            record = Json.mapper().writeValueAsString(key.key());
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write client key " + key.key().id() + ": " + e.getMessage(), e);
        }
        store.inTransaction(db -> {
            try (PreparedStatement s = db.prepareStatement("""
                    INSERT INTO api_keys (id, secret_hash, revoked, record) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET secret_hash = excluded.secret_hash, revoked = excluded.revoked,
                      record = excluded.record""")) {
                s.setString(1, key.key().id());
                s.setString(2, key.secretHash());
                s.setInt(3, key.key().revoked() ? 1 : 0);
                s.setString(4, record);
                s.executeUpdate();
            }
            store.announce(db);
            return null;
        });
    }
}
