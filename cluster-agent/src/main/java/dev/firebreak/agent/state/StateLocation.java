package dev.firebreak.agent.state;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the agent keeps its state, from the one setting {@code state} ({@code --state} on
 * {@code serve}): a SQLite file path, or {@code postgresql://host:port/db?user=NAME} for replicas.
 * The password never sits in the setting: it comes from {@code FIREBREAK_STATE_PASSWORD} or from
 * the file named by {@code FIREBREAK_STATE_PASSWORD_FILE}.
 */
public sealed interface StateLocation {

    String PASSWORD_ENV = "FIREBREAK_STATE_PASSWORD";
    String PASSWORD_FILE_ENV = "FIREBREAK_STATE_PASSWORD_FILE";

    /** An embedded SQLite file, for one agent. */
    record SqliteFile(Path file) implements StateLocation {
    }

    /**
     * A PostgreSQL database shared by replicas.
     *
     * @param setting the setting as given, safe to print (it holds no password)
     * @param jdbcUrl the driver's URL, without user or password
     */
    record Postgres(String setting, String jdbcUrl, String user, String password) implements StateLocation {
        @Override
        public String toString() {
            return setting;
        }
    }

    static boolean isUrl(String setting) {
        return setting.contains("://");
    }

    /** Reads the setting, naming it in the message of what is wrong. */
    static StateLocation parse(String setting, Map<String, String> env) {
        if (!isUrl(setting)) {
            return new SqliteFile(Path.of(setting));
        }
        URI uri;
        try {
            uri = new URI(setting);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("state: '" + setting + "' is not a URL: " + e.getMessage());
        }
        if (!"postgresql".equals(uri.getScheme())) {
            throw new IllegalArgumentException("state: '" + uri.getScheme() + "://' is not a known store; give a SQLite "
                    + "file path or postgresql://host:port/db?user=NAME");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("state: '" + setting + "' needs a host and a database: "
                    + "postgresql://host:port/db?user=NAME");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("state: give the user as ?user=NAME and the password in " + PASSWORD_ENV
                    + " or " + PASSWORD_FILE_ENV + ", not in the URL");
        }
        String user = null;
        StringBuilder rest = new StringBuilder();
        for (String pair : uri.getQuery() == null ? new String[0] : uri.getQuery().split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            String value = pair.contains("=") ? pair.substring(pair.indexOf('=') + 1) : "";
            if (name.equalsIgnoreCase("password")) {
                throw new IllegalArgumentException("state: the URL must not hold the password; put it in " + PASSWORD_ENV
                        + " or in a file named by " + PASSWORD_FILE_ENV);
            }
            if (name.equals("user")) {
                user = value;
            } else {
                rest.append(rest.isEmpty() ? "?" : "&").append(pair);
            }
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("state: '" + setting + "' needs ?user=NAME");
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return new Postgres(setting, "jdbc:postgresql://" + uri.getHost() + port + uri.getPath() + rest, user, password(env));
    }

    private static String password(Map<String, String> env) {
        String password = env.get(PASSWORD_ENV);
        if (password != null) {
            return password;
        }
        String file = env.get(PASSWORD_FILE_ENV);
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(PASSWORD_FILE_ENV + ": cannot read " + file + ": " + e.getMessage());
        }
    }
}
