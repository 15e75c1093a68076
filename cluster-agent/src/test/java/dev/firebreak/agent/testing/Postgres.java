package dev.firebreak.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 15 (Debian's {@code postgresql} package) for tests: its own data folder in a
 * temporary directory, on a free 127.0.0.1 port, password login for user {@value #USER}. Run as the
 * {@code postgres} system user when the tests run as root (PostgreSQL refuses root). Start it once
 * per test class and {@link #close()} it in {@code @AfterAll}.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "firebreak";
    public static final String PASSWORD = "test-password-" + ProcessHandle.current().pid();
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path folder;
    private final int port;

    private Postgres(Path folder, int port) {
        this.folder = folder;
        this.port = port;
    }

    public static Postgres start() throws IOException {
        Path folder = Files.createTempDirectory("firebreak-pg");
        Files.writeString(folder.resolve("pw"), PASSWORD);
        if (root()) {
            run(List.of("chown", "-R", "postgres", folder.toString()));
        }
        run(asPostgres(List.of(BIN.resolve("initdb").toString(), "-D", folder.resolve("data").toString(), "-U", USER,
                "--pwfile=" + folder.resolve("pw"), "--auth=scram-sha-256", "-E", "UTF8", "--no-sync")));
        Postgres pg;
        try (ServerSocket socket = new ServerSocket(0)) {
            pg = new Postgres(folder, socket.getLocalPort());
        }
        pg.resume();
        return pg;
    }

    public int port() {
        return port;
    }

    /** A new empty database and the agent's {@code state} setting for it. */
    public String newDatabase() {
        String name = "state" + DATABASES.incrementAndGet();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return setting(name);
    }

    public String setting(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /** Runs SQL as the owner on {@code database}. */
    public void sql(String database, String sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Connection admin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
    }

    /** Stops the server at once, as a crash or an outage would (clients see their connections drop). */
    public void stop() {
        try {
            run(asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", folder.resolve("data").toString(), "-m",
                    "immediate", "-w", "stop")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server (again) on the same port and data, and waits until it accepts connections. */
    public void resume() {
        try {
            run(asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", folder.resolve("data").toString(), "-l",
                    folder.resolve("log").toString(), "-w", "-o",
                    "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off", "start")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (UncheckedIOException alreadyStopped) {
            // a test left it stopped
        } finally {
            run(List.of("rm", "-rf", folder.toString()));
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(List<String> command) {
        if (!root()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
        String output = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IOException(command + " exited " + p.exitValue() + ": " + output);
        }
    }
}
