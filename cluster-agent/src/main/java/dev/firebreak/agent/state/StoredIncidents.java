package dev.firebreak.agent.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.incidents.IncidentLog;
import dev.firebreak.node.http.Json;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Incidents in the state store, in a table of their own beside the audit log, so that a restarted
 * agent carries on with the ones still open. Each write is its own committed transaction.
 */
final class StoredIncidents implements IncidentLog {

    private final JdbcStateStore store;

    StoredIncidents(JdbcStateStore store) {
        this.store = store;
    }

    @Override
    public void save(Incident incident) throws IncidentLogException {
        String record;
        try {
            record = Json.mapper().writeValueAsString(incident);
        } catch (JsonProcessingException e) {
            throw new IncidentLogException("cannot write incident " + incident.id() + ": " + e.getMessage(), e);
        }
        try {
            store.inTransaction(db -> {
                try (PreparedStatement s = db.prepareStatement("""
                        INSERT INTO incidents (id, state, started_millis, record) VALUES (?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET state = excluded.state, record = excluded.record""")) {
                    s.setString(1, incident.id());
                    s.setString(2, incident.state().name());
                    s.setLong(3, incident.startedAtMillis());
                    s.setString(4, record);
                    return s.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new IncidentLogException("cannot save incident " + incident.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Incident> recent(int limit) throws IncidentLogException {
        return query("SELECT record FROM incidents ORDER BY started_millis DESC, id DESC LIMIT " + Math.max(1, limit));
    }

    @Override
    public List<Incident> live() throws IncidentLogException {
        return query("SELECT record FROM incidents WHERE state <> 'RESOLVED' ORDER BY started_millis");
    }

    private List<Incident> query(String sql) throws IncidentLogException {
        try {
            return store.inTransaction(db -> {
                List<Incident> incidents = new ArrayList<>();
                try (PreparedStatement s = db.prepareStatement(sql); ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        incidents.add(Json.mapper().readValue(r.getString("record"), Incident.class));
                    }
                } catch (IOException e) {
                    throw new SQLException("an incident record does not read back: " + e.getMessage(), e);
                }
                return incidents;
            });
        } catch (SQLException e) {
            throw new IncidentLogException("cannot read the incidents: " + e.getMessage(), e);
        }
    }

    /** The store closes with the agent, after the incidents. */
    @Override
    public void close() {
        // the connections are the store's
    }
}
