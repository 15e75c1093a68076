package dev.firebreak.agent.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.zaxxer.hikari.HikariDataSource;
import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.AuditEntry;
import dev.firebreak.agent.api.OverrideView;
import dev.firebreak.agent.incidents.IncidentLog;
import dev.firebreak.agent.slo.SloLog;
import dev.firebreak.node.http.Json;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store in SQL both SQLite and PostgreSQL speak, over a pool of connections: each write is one
 * transaction, committed before the caller answers, so an agent killed right after acknowledging
 * an action has it on disk. A subclass says how to tell the other agents that something changed,
 * and which failures mean the database is out of reach.
 */
abstract class JdbcStateStore implements StateStore {


    private volatile HikariDataSource pool;
    /** The connection of the transaction this thread is in, if any. */
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    JdbcStateStore(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * Takes a fresh pool in place of the current one, closing it: after an outage a pool's own
     * reconnection backs off for seconds, longer than an agent may take to catch up.
     */
    final void renewPool(HikariDataSource fresh) {
        HikariDataSource old = pool;
        pool = fresh;
        old.close();
    }

    @Override
    public final IncidentLog incidents() {
        return new StoredIncidents(this);
    }

    @Override
    public final List<StoredKey> apiKeys() throws SQLException {
        return StoredKeys.all(this);
    }

    @Override
    public final void saveKey(StoredKey key) throws SQLException {
        StoredKeys.save(this, key);
    }

    @Override
    public final SloLog sloMinutes() {
        return new StoredSloMinutes(this);
    }

    /** Tells the other agents, at commit, that the overrides or the keys changed (nothing for a store of one agent). */
    abstract void announce(Connection db) throws SQLException;

    /** What ends a query whose rows the transaction then rewrites, so no other agent changes them meanwhile. */
    String lockingRead() {
        return ""; // SQLite: one writer, whose transaction nobody else's interleaves
    }

    /** {@code e} as the caller should see it: a {@link StateUnavailableException} when the database is out of reach. */
    abstract SQLException classify(SQLException e);

    @Override
    public final Recorded perform(String idempotencyKey, Action action) throws SQLException {
        return inTransaction(db -> {
            try (PreparedStatement claim = db.prepareStatement("""
                    INSERT INTO idempotency_keys (idempotency_key, claimed_millis) VALUES (?, ?)
                    ON CONFLICT (idempotency_key) DO NOTHING""")) {
                claim.setString(1, idempotencyKey);
                claim.setLong(2, System.currentTimeMillis());
                if (claim.executeUpdate() == 0) {
                    AuditEntry earlier = byIdempotencyKey(db, idempotencyKey).orElseThrow(() -> new SQLException(
                            "idempotency key " + idempotencyKey + " is claimed but has no audit entry"));
                    return new Recorded(earlier, overrideById(db, earlier.id()).orElse(null), true);
                }
            }
            Performed performed = action.run();
            AuditEntry e = performed.entry();
            long id = insertAudit(db, new AuditEntry(0, e.atMillis(), e.who(), e.role(), e.source(), e.action(), e.target(),
                    e.params(), e.prior(), e.decision(), e.outcome(), e.reason(), idempotencyKey));
            try (PreparedStatement s = db.prepareStatement("UPDATE idempotency_keys SET audit_id = ? WHERE idempotency_key = ?")) {
                s.setLong(1, id);
                s.setString(2, idempotencyKey);
                s.executeUpdate();
            }
            OverrideView saved = null;
            if (performed.override() != null) {
                OverrideView o = performed.override();
                saved = new OverrideView(id, o.type(), o.model(), o.node(), o.fallback(), o.weights(), o.who(), o.reason(),
                        o.createdAtMillis(), o.expiresAtMillis());
                insertOverride(db, saved);
            }
            for (long ended : performed.ended()) {
                endOverride(db, ended);
            }
            if (saved != null || !performed.ended().isEmpty()) {
                announce(db);
            }
            return new Recorded(withId(e, id, idempotencyKey), saved, false);
        });
    }

    @Override
    public final long audit(AuditEntry entry) throws SQLException {
        return inTransaction(db -> insertAudit(db, entry));
    }

    @Override
    public final boolean expire(long overrideId, AuditEntry entry) throws SQLException {
        return inTransaction(db -> {
            if (!endOverride(db, overrideId)) {
                return false;
            }
            insertAudit(db, entry);
            announce(db);
            return true;
        });
    }

    @Override
    public final List<AuditEntry> recent(int limit) throws SQLException {
        return inTransaction(db -> {
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
        });
    }

    @Override
    public final List<OverrideView> activeOverrides() throws SQLException {
        return inTransaction(db -> {
            List<OverrideView> overrides = new ArrayList<>();
            try (Statement s = db.createStatement();
                 ResultSet r = s.executeQuery("SELECT * FROM overrides WHERE active = 1 ORDER BY id")) {
                while (r.next()) {
                    overrides.add(override(r));
                }
            }
            return overrides;
        });
    }

    /** One unit of work on one connection. */
    interface Work<T> {
        T on(Connection db) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction. A connection that broke (the database restarted since it
     * was pooled) is tried once more on a fresh one: safe, since nothing of the first try committed,
     * or, if its commit went through unseen, the idempotency key answers the retry with its result.
     * Work started inside another's transaction on the same thread (an incident acknowledged by an
     * action under its key) joins it and commits with it: SQLite has one writer, and the two belong
     * together.
     */
    final <T> T inTransaction(Work<T> work) throws SQLException {
        Connection open = current.get();
        if (open != null) {
            return work.on(open);
        }
        try {
            return once(work);
        } catch (StateUnavailableException first) {
            return once(work);
        }
    }

    private <T> T once(Work<T> work) throws SQLException {
        try (Connection db = pool.getConnection()) {
            db.setAutoCommit(false);
            current.set(db);
            try {
                T result = work.on(db);
                db.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(db);
                throw e;
            } finally {
                current.remove();
            }
        } catch (SQLException e) {
            throw classify(e);
        }
    }

    private static void rollbackQuietly(Connection db) {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the database drops the transaction with it
        }
    }

    private static long insertAudit(Connection db, AuditEntry e) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                INSERT INTO audit (at_millis, who, role, source, action, target, params, prior, decision, outcome, reason,
                  idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, e.atMillis());
            setStrings(s, 2, e.who(), e.role(), e.source(), e.action(), e.target(), e.params(), e.prior(), e.decision(),
                    e.outcome(), e.reason(), e.idempotencyKey());
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void insertOverride(Connection db, OverrideView o) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                INSERT INTO overrides (id, type, model, node, fallback, weights, who, reason, created_millis,
                  expires_millis, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""")) {
            s.setLong(1, o.id());
            setStrings(s, 2, o.type().name(), o.model(), o.node(), o.fallback(), o.weights() == null ? null : json(o.weights()),
                    o.who(), o.reason());
            s.setLong(9, o.createdAtMillis());
            s.setLong(10, o.expiresAtMillis());
            s.executeUpdate();
        }
    }

    /** Sets the parameters from {@code first} on to {@code values}, in order. */
    private static void setStrings(PreparedStatement s, int first, String... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            s.setString(first + i, values[i]);
        }
    }

    /** True when this call ended it: the row count decides, so of two agents only one sees true. */
    private static boolean endOverride(Connection db, long id) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("UPDATE overrides SET active = 0 WHERE id = ? AND active = 1")) {
            s.setLong(1, id);
            return s.executeUpdate() == 1;
        }
    }

    private static Optional<AuditEntry> byIdempotencyKey(Connection db, String key) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT * FROM audit WHERE idempotency_key = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(entry(r)) : Optional.empty();
            }
        }
    }

    private static Optional<OverrideView> overrideById(Connection db, long id) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT * FROM overrides WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(override(r)) : Optional.empty();
            }
        }
    }

    private static AuditEntry withId(AuditEntry e, long id, String key) {
        return new AuditEntry(id, e.atMillis(), e.who(), e.role(), e.source(), e.action(), e.target(), e.params(), e.prior(),
                e.decision(), e.outcome(), e.reason(), key);
    }

    private static OverrideView override(ResultSet r) throws SQLException {
        return new OverrideView(r.getLong("id"), ActionType.valueOf(r.getString("type")), r.getString("model"),
                r.getString("node"), r.getString("fallback"), weights(r.getString("weights")), r.getString("who"),
                r.getString("reason"), r.getLong("created_millis"), r.getLong("expires_millis"));
    }

    private static String json(Map<String, Double> weights) throws SQLException {
        try {
            return Json.mapper().writeValueAsString(weights);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write weights " + weights, e);
        }
    }

    private static Map<String, Double> weights(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(json, new TypeReference<Map<String, Double>>() { });
        } catch (IOException e) {
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
    public void close() {
        pool.close();
    }
}
