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
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded default: one SQLite file for one agent. One connection, so writes are serialised;
 * every commit is {@code synchronous=FULL}, so an agent killed right after acknowledging an action
 * has it on disk. Nobody else writes the file, so there is nothing to listen for.
 */
final class SqliteStateStore extends JdbcStateStore {

    private static final Schema SCHEMA = new Schema("/dev/firebreak/agent/state/sqlite");

    /** SQLite's files of a database: the file and, in WAL mode, its log and shared memory. */
    private static final List<String> SUFFIXES = List.of("", "-wal", "-shm", "-journal");

    private final StoreStatus status;
    /** The files and folders this open created, removed again by {@link #closeAfterFailedStart()}; newest last. */
    private final List<Path> created;

    private SqliteStateStore(HikariDataSource pool, Path file, List<Path> created) {
        super(pool);
        this.created = created;
        this.status = new StoreStatus("sqlite", true, file.toString(), System.currentTimeMillis());
    }

    static SqliteStateStore open(Path file) throws StateStartException {
        List<Path> created = new ArrayList<>();
        try {
            for (Path folder = file.toAbsolutePath().getParent(); folder != null && !Files.exists(folder);
                 folder = folder.getParent()) {
                created.addFirst(folder);
            }
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new StateStartException("state: cannot create the folder of " + file + ": " + e.getMessage(), e);
        }
        for (String suffix : SUFFIXES) {
            Path own = file.toAbsolutePath().resolveSibling(file.getFileName() + suffix);
            if (!Files.exists(own)) {
                created.add(own);
            }
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(5000);
        // A transaction takes the write lock as it begins: one that reads a row and then rewrites it (an
        // incident) waits for another connection's instead of failing when it upgrades.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
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
        return new SqliteStateStore(pool, file, created);
    }

    @Override
    public void closeAfterFailedStart() {
        close();
        for (Path p : created.reversed()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a folder something else wrote into stays, as it should
                System.getLogger(SqliteStateStore.class.getName()).log(System.Logger.Level.DEBUG,
                        "left {0}: {1}", p, e.getMessage());
            }
        }
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
