package dev.firebreak.agent.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.node.http.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Incidents in the agent's SQLite state file, in a table of their own beside the audit log: one row
 * per incident with its state and start as columns to query by and the whole record as JSON.
 * Every write commits with {@code synchronous=FULL}, as the audit log's do.
 */
public final class SqliteIncidentLog implements IncidentLog {

    private final Connection db;

    private SqliteIncidentLog(Connection db) {
        this.db = db;
    }

    /** Opens (and creates if need be) the incidents table in the state file {@code file}. */
    public static SqliteIncidentLog open(Path file) throws IncidentLogException {
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS incidents (
                          id TEXT PRIMARY KEY, state TEXT NOT NULL, started_millis INTEGER NOT NULL, record TEXT NOT NULL)""");
            }
            return new SqliteIncidentLog(db);
        } catch (SQLException e) {
            throw new IncidentLogException("cannot open the incidents in " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void save(Incident incident) throws IncidentLogException {
        try (PreparedStatement s = db.prepareStatement(
                "INSERT OR REPLACE INTO incidents (id, state, started_millis, record) VALUES (?, ?, ?, ?)")) {
            s.setString(1, incident.id());
            s.setString(2, incident.state().name());
            s.setLong(3, incident.startedAtMillis());
            s.setString(4, Json.mapper().writeValueAsString(incident));
            s.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IncidentLogException("cannot save incident " + incident.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Incident> recent(int limit) throws IncidentLogException {
        return query("SELECT record FROM incidents ORDER BY started_millis DESC, id DESC LIMIT " + Math.max(1, limit));
    }

    @Override
    public synchronized List<Incident> live() throws IncidentLogException {
        return query("SELECT record FROM incidents WHERE state <> 'RESOLVED' ORDER BY started_millis");
    }

    private List<Incident> query(String sql) throws IncidentLogException {
        List<Incident> incidents = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                incidents.add(Json.mapper().readValue(r.getString("record"), Incident.class));
            }
        } catch (SQLException | IOException e) {
            throw new IncidentLogException("cannot read the incidents: " + e.getMessage(), e);
        }
        return incidents;
    }

    @Override
    public synchronized void close() throws IncidentLogException {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IncidentLogException("cannot close the incidents log: " + e.getMessage(), e);
        }
    }
}
