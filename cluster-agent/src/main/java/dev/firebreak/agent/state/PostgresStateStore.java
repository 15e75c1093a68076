package dev.firebreak.agent.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * State shared by agent replicas in PostgreSQL. A change to the overrides is announced with
 * {@code NOTIFY} in the transaction that makes it (delivered on commit); each agent listens on a
 * connection of its own and re-reads everything every {@link #RESYNC_MILLIS} as a safety net, and
 * at once when the database comes back after an outage.
 */
final class PostgresStateStore extends JdbcStateStore {

    static final String CHANNEL = "firebreak_state";
    static final long RESYNC_MILLIS = 2000;
    private static final long RECONNECT_MILLIS = 500;
    private static final int CONNECT_TIMEOUT_SECONDS = 3;
    private static final long MIGRATION_LOCK = 0x66697265627265L;
    private static final Schema SCHEMA = new Schema("/dev/firebreak/agent/state/postgres");
    private static final System.Logger LOG = System.getLogger(PostgresStateStore.class.getName());

    private final StateLocation.Postgres location;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Thread listener;
    private volatile StoreStatus status;
    private volatile boolean closed;
    private volatile Connection listening;

    private PostgresStateStore(HikariDataSource pool, StateLocation.Postgres location) {
        super(pool);
        this.location = location;
        this.status = new StoreStatus("postgresql", true, location.setting(), System.currentTimeMillis());
        this.listener = Thread.ofVirtual().name("state-listener").start(this::listen);
    }

    static PostgresStateStore open(StateLocation.Postgres location) throws StateStartException {
        try (Connection c = connect(location)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            }
            SCHEMA.migrate(c);
            c.commit();
        } catch (SQLException e) {
            throw new StateStartException("state " + location.setting() + ": " + oneLine(e)
                    + (e.getSQLState() != null && e.getSQLState().startsWith("28") ? passwordHint(location) : ""), e);
        }
        return new PostgresStateStore(pool(location), location);
    }

    private static HikariDataSource pool(StateLocation.Postgres location) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(location.jdbcUrl());
        config.setDataSourceProperties(properties(location));
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(2000);
        config.setValidationTimeout(1000);
        config.setInitializationFailTimeout(-1);
        config.setPoolName("state-postgresql");
        return new HikariDataSource(config);
    }

    private static String passwordHint(StateLocation.Postgres location) {
        return location.password() == null
                ? " (no password given: set " + StateLocation.PASSWORD_ENV + " or " + StateLocation.PASSWORD_FILE_ENV + ")"
                : " (password from " + StateLocation.PASSWORD_ENV + " or " + StateLocation.PASSWORD_FILE_ENV + ")";
    }

    private static Properties properties(StateLocation.Postgres location) {
        Properties p = new Properties();
        p.setProperty("user", location.user());
        if (location.password() != null) {
            p.setProperty("password", location.password());
        }
        p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("socketTimeout", "15");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "firebreak-agent");
        return p;
    }

    private static Connection connect(StateLocation.Postgres location) throws SQLException {
        return DriverManager.getConnection(location.jdbcUrl(), properties(location));
    }

    /** The driver's message and, where it says little, its cause's; on one line. */
    private static String oneLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause instanceof java.net.UnknownHostException) {
            return "unknown host " + cause.getMessage();
        }
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += ": " + cause.getMessage();
        }
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    @Override
    void announce(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("NOTIFY " + CHANNEL);
        }
    }

    @Override
    String lockingRead() {
        return " FOR UPDATE";
    }

    @Override
    SQLException classify(SQLException e) {
        String state = e.getSQLState();
        if (e instanceof SQLTransientConnectionException || (state != null && (state.startsWith("08")
                || state.startsWith("57P")))) {
            down(oneLine(e));
            return new StateUnavailableException("the state store (PostgreSQL " + location.setting()
                    + ") cannot be reached: " + oneLine(e), e);
        }
        return e;
    }

    @Override
    public StoreStatus status() {
        return status;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void listen() {
        while (!closed) {
            try (Connection c = connect(location)) {
                listening = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                up();
                changed();
                PGConnection pg = c.unwrap(PGConnection.class);
                long lastRead = System.nanoTime();
                while (!closed) {
                    PGNotification[] heard = pg.getNotifications((int) RESYNC_MILLIS);
                    if ((heard != null && heard.length > 0) || System.nanoTime() - lastRead >= RESYNC_MILLIS * 1_000_000) {
                        changed();
                        lastRead = System.nanoTime();
                    }
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                down(oneLine(e));
                try {
                    Thread.sleep(RECONNECT_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void changed() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "state change listener failed: {0}", e.toString());
            }
        }
    }

    private void up() {
        if (!status.up()) {
            LOG.log(System.Logger.Level.WARNING, "state store {0} is back", location.setting());
            renewPool(pool(location));
            status = new StoreStatus("postgresql", true, location.setting(), System.currentTimeMillis());
        }
    }

    private void down(String why) {
        if (status.up()) {
            LOG.log(System.Logger.Level.ERROR, "state store {0} is down: {1}", location.setting(), why);
            status = new StoreStatus("postgresql", false, location.setting() + ": " + why, System.currentTimeMillis());
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = listening;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        listener.interrupt();
        super.close();
    }
}
