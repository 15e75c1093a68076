package dev.firebreak.node.http;

import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rotates a listener's certificate without a restart: reads the PEM certificate and key every few
 * seconds and, when their bytes changed, loads them into Jetty's SSL context (new handshakes get
 * the new certificate; open connections keep theirs). Contents, not timestamps, so a Kubernetes
 * Secret's symlink swap is seen too. A pair that does not load is logged and the old one kept.
 */
final class TlsReload implements AutoCloseable {

    static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(TlsReload.class.getName());

    private final HttpSettings.Tls files;
    private final SslContextFactory.Server ssl;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("tls-reload").daemon().factory());
    private byte[] loaded;

    TlsReload(HttpSettings.Tls files, SslContextFactory.Server ssl) throws IOException {
        this.files = files;
        this.ssl = ssl;
        this.loaded = digest();
        timer.scheduleWithFixedDelay(this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The key pair of {@code files} in a key store under a fresh random password, ready for an SSL context. */
    record Keys(KeyStore store, String password) {

        static Keys read(HttpSettings.Tls files) throws IOException {
            String password = java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(18));
            return new Keys(PemKeys.keyStore(files, password.toCharArray()), password);
        }

        void applyTo(SslContextFactory factory) {
            factory.setKeyStore(store);
            factory.setKeyStorePassword(password);
        }
    }

    private void check() {
        try {
            byte[] now = digest();
            if (Arrays.equals(now, loaded)) {
                return;
            }
            // Read first, so a pair that does not load leaves the SSL context as it was.
            Keys keys = Keys.read(files);
            ssl.reload(keys::applyTo);
            loaded = now;
            LOG.log(System.Logger.Level.INFO, "tls certificate {0} reloaded", files.certificate());
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "tls certificate {0} changed but does not load, the old one is kept: {1}",
                    files.certificate(), e.getMessage());
        }
    }

    private byte[] digest() throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(files.certificate()));
            sha.update(Files.readAllBytes(files.key()));
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
