package dev.firebreak.agent.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.incidents.IncidentLog;
import dev.firebreak.agent.incidents.SharedIncident;
import dev.firebreak.node.http.Json;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Incidents in the state store, in a table of their own beside the audit log: one row each, its
 * state, subject and holders as columns and the whole incident as JSON. A unique index on the subject
 * of live rows keeps one live incident per node or model across agents; every change reads the row
 * under a lock ({@code FOR UPDATE} in PostgreSQL, SQLite's one writer), applies, writes back and,
 * when the incident itself changed, tells the other agents at commit.
 */
final class StoredIncidents implements IncidentLog {

    private static final String LIVE = "SELECT record, holders FROM incidents WHERE state <> 'RESOLVED'";

    private final JdbcStateStore store;

    StoredIncidents(JdbcStateStore store) {
        this.store = store;
    }

    @Override
    public SharedIncident raise(String subject, SharedIncident fresh, UnaryOperator<SharedIncident> change)
            throws IncidentLogException {
        return write("raise an incident about " + subject, () -> store.inTransaction(db -> {
            Optional<SharedIncident> live = lockLive(db, "subject = ?", subject);
            if (live.isEmpty()) {
                SharedIncident first = change.apply(fresh);
                if (insert(db, subject, first)) {
                    store.announce(db);
                    return first;
                }
                // Another agent's incident about the subject committed first: this change joins it.
                live = lockLive(db, "subject = ?", subject);
                if (live.isEmpty()) {
                    throw new SQLException("incident id " + fresh.incident().id() + " is taken by an ended incident");
                }
            }
            return rewrite(db, live.get(), change);
        }));
    }

    @Override
    public Optional<SharedIncident> update(String id, UnaryOperator<SharedIncident> change) throws IncidentLogException {
        return write("change incident " + id, () -> store.inTransaction(db -> {
            Optional<SharedIncident> live = lockLive(db, "id = ?", id);
            return live.isEmpty() ? Optional.empty() : Optional.of(rewrite(db, live.get(), change));
        }));
    }

    @Override
    public Optional<Incident> find(String id) throws IncidentLogException {
        return read(db -> {
            try (PreparedStatement s = db.prepareStatement("SELECT record, holders FROM incidents WHERE id = ?")) {
                s.setString(1, id);
                return rows(s).stream().findFirst().map(SharedIncident::incident);
            }
        });
    }

    @Override
    public List<Incident> recent(int limit) throws IncidentLogException {
        return read(db -> {
            try (PreparedStatement s = db.prepareStatement(
                    "SELECT record, holders FROM incidents ORDER BY started_millis DESC, id DESC LIMIT ?")) {
                s.setInt(1, Math.max(1, limit));
                return rows(s).stream().map(SharedIncident::incident).toList();
            }
        });
    }

    @Override
    public List<SharedIncident> live() throws IncidentLogException {
        return read(db -> {
            try (PreparedStatement s = db.prepareStatement(LIVE + " ORDER BY started_millis, id")) {
                return rows(s);
            }
        });
    }

    private Optional<SharedIncident> lockLive(Connection db, String where, String value) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(LIVE + " AND " + where + store.lockingRead())) {
            s.setString(1, value);
            return rows(s).stream().findFirst();
        }
    }

    /** True when this row went in; false when the subject already has a live incident (or the id is taken). */
    private static boolean insert(Connection db, String subject, SharedIncident first) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                INSERT INTO incidents (id, state, started_millis, record, subject, holders) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            Incident i = first.incident();
            s.setString(1, i.id());
            s.setString(2, i.state().name());
            s.setLong(3, i.startedAtMillis());
            s.setString(4, json(i));
            s.setString(5, subject);
            s.setString(6, json(first.holders()));
            return s.executeUpdate() == 1;
        }
    }

    private SharedIncident rewrite(Connection db, SharedIncident current, UnaryOperator<SharedIncident> change)
            throws SQLException {
        SharedIncident next = change.apply(current);
        try (PreparedStatement s = db.prepareStatement("UPDATE incidents SET state = ?, record = ?, holders = ? WHERE id = ?")) {
            s.setString(1, next.incident().state().name());
            s.setString(2, json(next.incident()));
            s.setString(3, json(next.holders()));
            s.setString(4, current.incident().id());
            s.executeUpdate();
        }
        if (!next.incident().equals(current.incident())) {
            store.announce(db);
        }
        return next;
    }

    private static List<SharedIncident> rows(PreparedStatement s) throws SQLException {
        List<SharedIncident> incidents = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String holders = r.getString("holders");
                incidents.add(new SharedIncident(Json.mapper().readValue(r.getString("record"), Incident.class),
                        holders == null ? Map.of() : Json.mapper().readValue(holders, new TypeReference<Map<String, Long>>() { })));
            }
        } catch (IOException e) {
            throw new SQLException("an incident record does not read back: " + e.getMessage(), e);
        }
        return incidents;
    }

    private static String json(Object value) throws SQLException {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write " + value + ": " + e.getMessage(), e);
        }
    }

    private interface Sql<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code sql}, failing at once while the store is known to be down: incidents change on the
     * gateway's and the ticker's threads, which must not wait out a connection timeout per event.
     */
    private <T> T write(String what, Sql<T> sql) throws IncidentLogException {
        StoreStatus status = store.status();
        if (!status.up()) {
            StateUnavailableException down = new StateUnavailableException("the state store is down: " + status.detail(), null);
            throw new IncidentLogException("cannot " + what + ": " + down.getMessage(), down);
        }
        try {
            return sql.run();
        } catch (SQLException e) {
            throw new IncidentLogException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private <T> T read(JdbcStateStore.Work<T> work) throws IncidentLogException {
        return write("read the incidents", () -> store.inTransaction(work));
    }

    /** The store closes with the agent, after the incidents. */
    @Override
    public void close() {
        // the connections are the store's
    }
}
