package dev.firebreak.node.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rotates certificates without a restart: reads a set of PEM files every few seconds and, when
 * their bytes changed, runs a reload (a listener's SSL context, the agent's trust and client
 * identity towards its nodes). Contents, not timestamps, so a Kubernetes Secret's symlink swap is
 * seen too. A reload that fails is logged and what was loaded before is kept; the same files are
 * tried again only once they change again.
 */
public final class PemWatch implements AutoCloseable {

    public static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(PemWatch.class.getName());

    /** Loads what the files hold now; throws, leaving the old in force, when they do not load. */
    @FunctionalInterface
    public interface Reload {
        void run() throws Exception;
    }

    private final String what;
    private final List<Path> files;
    private final Reload reload;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pem-watch").daemon().factory());
    private byte[] loaded;

    private PemWatch(String what, List<Path> files, Reload reload) throws IOException {
        this.what = what;
        this.files = List.copyOf(files);
        this.reload = reload;
        this.loaded = digest();
    }

    /**
     * Watches {@code files}, already loaded by the caller, and runs {@code reload} when they change.
     *
     * @param what names them in the log ("tls certificate /etc/firebreak/tls/node.pem")
     */
    public static PemWatch start(String what, List<Path> files, Reload reload) throws IOException {
        PemWatch watch = new PemWatch(what, files, reload);
        watch.timer.scheduleWithFixedDelay(watch::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    private void check() {
        byte[] now;
        try {
            now = digest();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "{0} cannot be read, what was loaded is kept: {1}", what, e.getMessage());
            return;
        }
        if (Arrays.equals(now, loaded)) {
            return;
        }
        loaded = now;
        try {
            reload.run();
            LOG.log(System.Logger.Level.INFO, "{0} reloaded", what);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "{0} changed but does not load, what was loaded is kept: {1}",
                    what, e.getMessage());
        }
    }

    private byte[] digest() throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                sha.update(Files.readAllBytes(file));
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
