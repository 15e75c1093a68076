package dev.firebreak.agent.actions;

import dev.firebreak.agent.overrides.Overrides;
import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.AuditEntry;
import dev.firebreak.agent.api.OverrideView;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's durable memory in an embedded SQLite file: the audit log and the overrides in force.
 * Every write commits with {@code synchronous=FULL} before the caller answers, so an agent killed
 * right after acknowledging an action has it on disk.
 */
public final class StateStore implements AutoCloseable {

    private final Connection db;

    private StateStore(Connection db) {
        this.db = db;
    }

    public static StateStore open(Path file) throws SQLException {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the folder of " + file + ": " + e.getMessage(), e);
        }
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS audit (
                      id INTEGER PRIMARY KEY AUTOINCREMENT, at_millis INTEGER NOT NULL, who TEXT, role TEXT, source TEXT,
                      action TEXT NOT NULL, target TEXT, params TEXT, prior TEXT, decision TEXT NOT NULL, outcome TEXT,
                      reason TEXT, idempotency_key TEXT UNIQUE)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS overrides (
                      id INTEGER PRIMARY KEY, type TEXT NOT NULL, model TEXT, node TEXT, fallback TEXT, weights TEXT, who TEXT,
                      reason TEXT, created_millis INTEGER NOT NULL, expires_millis INTEGER NOT NULL, active INTEGER NOT NULL)""");
        }
        return new StateStore(db);
    }

    /** Appends to the audit log; returns the entry's id. */
    public synchronized long audit(AuditEntry e) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                INSERT INTO audit (at_millis, who, role, source, action, target, params, prior, decision, outcome, reason,
                  idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, e.atMillis());
            s.setString(2, e.who());
            s.setString(3, e.role());
            s.setString(4, e.source());
            s.setString(5, e.action());
            s.setString(6, e.target());
            s.setString(7, e.params());
            s.setString(8, e.prior());
            s.setString(9, e.decision());
            s.setString(10, e.outcome());
            s.setString(11, e.reason());
            s.setString(12, e.idempotencyKey());
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The audit entry written for {@code idempotencyKey}, if any. */
    public synchronized Optional<AuditEntry> byIdempotencyKey(String key) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT * FROM audit WHERE idempotency_key = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(entry(r)) : Optional.empty();
            }
        }
    }

    /** The newest entries first. */
    public synchronized List<AuditEntry> recent(int limit) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT * FROM audit ORDER BY id DESC LIMIT ?")) {
            s.setInt(1, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    entries.add(entry(r));
                }
            }
            return entries;
        }
    }

    /** Writes an override in force, under the audit id of the action that made it. */
    public synchronized void saveOverride(OverrideView o) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                INSERT OR REPLACE INTO overrides (id, type, model, node, fallback, weights, who, reason, created_millis,
                  expires_millis, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""")) {
            s.setLong(1, o.id());
            s.setString(2, o.type().name());
            s.setString(3, o.model());
            s.setString(4, o.node());
            s.setString(5, o.fallback());
            s.setString(6, o.weights() == null ? null : json(o.weights()));
            s.setString(7, o.who());
            s.setString(8, o.reason());
            s.setLong(9, o.createdAtMillis());
            s.setLong(10, o.expiresAtMillis());
            s.executeUpdate();
        }
    }

    public synchronized void endOverride(long id) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("UPDATE overrides SET active = 0 WHERE id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
    }

    public synchronized List<OverrideView> activeOverrides() throws SQLException {
        List<OverrideView> overrides = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM overrides WHERE active = 1 ORDER BY id")) {
            while (r.next()) {
                overrides.add(new OverrideView(r.getLong("id"), ActionType.valueOf(r.getString("type")), r.getString("model"),
                        r.getString("node"), r.getString("fallback"), weights(r.getString("weights")), r.getString("who"),
                        r.getString("reason"),
                        r.getLong("created_millis"), r.getLong("expires_millis")));
            }
        }
        return overrides;
    }

    private static String json(java.util.Map<String, Double> weights) throws SQLException {
        try {
            return dev.firebreak.node.http.Json.mapper().writeValueAsString(weights);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("cannot write weights " + weights, e);
        }
    }

    private static java.util.Map<String, Double> weights(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return dev.firebreak.node.http.Json.mapper().readValue(json,
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Double>>() { });
        } catch (java.io.IOException e) {
            throw new SQLException("unreadable weights " + json, e);
        }
    }

    private static AuditEntry entry(ResultSet r) throws SQLException {
        return new AuditEntry(r.getLong("id"), r.getLong("at_millis"), r.getString("who"), r.getString("role"),
                r.getString("source"), r.getString("action"), r.getString("target"), r.getString("params"),
                r.getString("prior"), r.getString("decision"), r.getString("outcome"), r.getString("reason"),
                r.getString("idempotency_key"));
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
