package dev.firebreak.node.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a Firebreak server listens: address, limits against slow or oversized clients, and TLS.
 *
 * @param host           address to bind
 * @param port           port to bind, 0 for a free one
 * @param idleTimeout    a connection that sends and receives nothing for this long is closed (also
 *                       the read timeout: a client that stops sending its request mid-way is cut off)
 * @param maxHeaderBytes the request line and headers together; over it the answer is 431
 * @param tls            PEM certificate and key to serve HTTPS with, or null for plain HTTP
 */
public record HttpSettings(String host, int port, Duration idleTimeout, int maxHeaderBytes, Tls tls) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

    /** A PEM certificate chain and its PEM (PKCS#8) private key. */
    public record Tls(Path certificate, Path key) {
        public Tls {
            Objects.requireNonNull(certificate, "tls certificate");
            Objects.requireNonNull(key, "tls key");
        }
    }

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
        }
        maxHeaderBytes = maxHeaderBytes == 0 ? DEFAULT_MAX_HEADER_BYTES : maxHeaderBytes;
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("max header bytes must be at least 1024, got " + maxHeaderBytes);
        }
    }

    /** Plain HTTP on {@code host:port} with the default limits. */
    public static HttpSettings of(String host, int port) {
        return new HttpSettings(host, port, null, 0, null);
    }

    public HttpSettings withTls(Tls tls) {
        return new HttpSettings(host, port, idleTimeout, maxHeaderBytes, tls);
    }

    public HttpSettings withPort(int port) {
        return new HttpSettings(host, port, idleTimeout, maxHeaderBytes, tls);
    }
}
