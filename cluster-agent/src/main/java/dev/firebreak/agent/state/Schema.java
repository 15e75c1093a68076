package dev.firebreak.agent.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned SQL for one kind of store: {@code V1.sql}, {@code V2.sql}, ... in a resource folder,
 * applied in order at start and recorded in {@code schema_version}. A new table is one more file.
 * A database whose schema is newer than this agent knows is refused, never written to.
 */
public final class Schema {

    private final String folder;
    private final List<String> scripts;

    /** @param folder the resource folder of the scripts, e.g. {@code /dev/firebreak/agent/state/sqlite} */
    public Schema(String folder) {
        this.folder = folder;
        List<String> found = new ArrayList<>();
        for (int version = 1; ; version++) {
            String script = read(folder + "/V" + version + ".sql");
            if (script == null) {
                break;
            }
            found.add(script);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no schema scripts in " + folder);
        }
        this.scripts = List.copyOf(found);
    }

    /** The newest version this agent knows. */
    public int latest() {
        return scripts.size();
    }

    /**
     * Brings the database up to {@link #latest()} in one transaction on {@code db} (which the
     * caller has locked against other agents migrating at the same moment, where that applies).
     *
     * @throws SchemaTooNewException when the database holds a newer version
     */
    public void migrate(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_millis BIGINT NOT NULL)");
            int current;
            try (ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                r.next();
                current = r.getInt(1);
            }
            if (current > latest()) {
                throw new SchemaTooNewException(current, latest());
            }
            for (int version = current + 1; version <= latest(); version++) {
                for (String statement : statements(scripts.get(version - 1))) {
                    s.execute(statement);
                }
                s.execute("INSERT INTO schema_version (version, applied_millis) VALUES (" + version + ", "
                        + System.currentTimeMillis() + ")");
            }
        }
    }

    /** The statements of a script: separated by a semicolon at the end of a line. */
    private static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        for (String part : script.split(";\\s*\\n")) {
            String statement = part.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).strip();
            if (!statement.isEmpty()) {
                statements.add(statement.endsWith(";") ? statement.substring(0, statement.length() - 1) : statement);
            }
        }
        return statements;
    }

    private static String read(String resource) {
        try (InputStream in = Schema.class.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "schema " + folder + " up to V" + latest();
    }

    /** The database was written by a newer agent; this one must not touch it. */
    public static final class SchemaTooNewException extends SQLException {
        public SchemaTooNewException(int found, int known) {
            super("the database holds schema version " + found + ", newer than this agent knows (" + known
                    + "): run the newer agent, or give this one a database of its own");
        }
    }
}
