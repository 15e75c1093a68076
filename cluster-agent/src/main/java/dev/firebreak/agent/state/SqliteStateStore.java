package dev.firebreak.agent.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The embedded default: one SQLite file for one agent. One connection, so writes are serialised;
 * every commit is {@code synchronous=FULL}, so an agent killed right after acknowledging an action
 * has it on disk. Nobody else writes the file, so there is nothing to listen for.
 */
final class SqliteStateStore extends JdbcStateStore {

    private static final Schema SCHEMA = new Schema("/dev/firebreak/agent/state/sqlite");

    private final StoreStatus status;

    private SqliteStateStore(HikariDataSource pool, Path file) {
        super(pool);
        this.status = new StoreStatus("sqlite", true, file.toString(), System.currentTimeMillis());
    }

    static SqliteStateStore open(Path file) throws StateStartException {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new StateStartException("state: cannot create the folder of " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(5000);
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        config.setMaximumPoolSize(1);
        config.setPoolName("state-sqlite");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StateStartException("state: cannot open the SQLite file " + file + ": " + rootMessage(e), e);
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            SCHEMA.migrate(c);
            c.commit();
        } catch (SQLException e) {
            pool.close();
            throw new StateStartException("state: " + file + ": " + e.getMessage(), e);
        }
        return new SqliteStateStore(pool, file);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @Override
    void announce(Connection c) {
        // one agent per file: nobody to tell
    }

    @Override
    SQLException classify(SQLException e) {
        return e;
    }

    @Override
    public StoreStatus status() {
        return status;
    }
}
