package dev.firebreak.app.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * The console's settings in the user's config directory: {@code console.json} (agents, theme) and
 * {@code tokens.properties} (agent URL to token), the latter created readable by its owner only.
 * Files are written whole to a temporary file and moved into place, so a crash never leaves half.
 */
public final class SettingsStore {

    private static final System.Logger LOG = System.getLogger(SettingsStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public SettingsStore(Path dir) {
        this.dir = dir;
    }

    /** The platform's place for a user's settings: XDG on Linux, Application Support on macOS, APPDATA on Windows. */
    public static Path defaultDirectory() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData != null ? Path.of(appData) : home).resolve("Firebreak");
        }
        if (os.contains("mac")) {
            return home.resolve("Library/Application Support/Firebreak");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("firebreak");
    }

    public Path directory() {
        return dir;
    }

    /** The saved settings; the defaults when none were saved or the file cannot be read (said in the log). */
    public ConsoleSettings load() {
        Path file = dir.resolve("console.json");
        if (!Files.exists(file)) {
            return ConsoleSettings.DEFAULTS;
        }
        try (Reader in = Files.newBufferedReader(file)) {
            return JSON.readValue(in, ConsoleSettings.class);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "settings file {0} unreadable, using defaults: {1}", file, e.getMessage());
            return ConsoleSettings.DEFAULTS;
        }
    }

    public void save(ConsoleSettings settings) throws IOException {
        writeAtomically(dir.resolve("console.json"), false, out -> JSON.writeValue(out, settings));
    }

    /** The token saved for {@code agentUrl}. */
    public Optional<String> token(String agentUrl) throws IOException {
        return Optional.ofNullable(tokens().getProperty(agentUrl));
    }

    /** Saves the token for {@code agentUrl} in the owner-only token file. */
    public void saveToken(String agentUrl, String token) throws IOException {
        Properties tokens = tokens();
        tokens.setProperty(agentUrl, token);
        writeAtomically(dir.resolve("tokens.properties"), true, out -> tokens.store(out, "Firebreak console: agent tokens"));
    }

    private Properties tokens() throws IOException {
        Properties tokens = new Properties();
        Path file = dir.resolve("tokens.properties");
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                tokens.load(in);
            }
        }
        return tokens;
    }

    private interface Write {
        void to(Writer out) throws IOException;
    }

    private void writeAtomically(Path file, boolean secret, Write write) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        try (Writer out = Files.newBufferedWriter(tmp)) {
            write.to(out);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
