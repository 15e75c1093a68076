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
 * @param limits         connection limits against slow and greedy clients, null for the defaults
 */
public record HttpSettings(String host, int port, Duration idleTimeout, int maxHeaderBytes, Tls tls, Limits limits) {

    /** The idle timeout when none is given; a constant so that flags can name it as their default. */
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 30;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS);
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

    /**
     * A PEM certificate chain and its PEM (PKCS#8) private key, and optionally the CA whose client
     * certificates the server requires (mutual TLS).
     *
     * @param clientCa PEM bundle of the CAs a client's certificate must be signed by, or null to ask
     *                 clients for none. When set, a client that presents a certificate not signed by
     *                 them fails the handshake, and one that presents none gets 401
     *                 {@code client_certificate_required} on every path but {@link #OPEN_PATHS}
     */
    public record Tls(Path certificate, Path key, Path clientCa) {

        /**
         * What answers without a client certificate even when one is required: probes (the kubelet
         * and load balancers present none) and Prometheus; they change nothing and carry no prompts.
         */
        public static final java.util.Set<String> OPEN_PATHS = java.util.Set.of("/health", "/ready", "/metrics");
        /** The error code of the 401 a client without a certificate gets. */
        public static final String CLIENT_CERTIFICATE_REQUIRED = "client_certificate_required";

        public Tls {
            Objects.requireNonNull(certificate, "tls certificate");
            Objects.requireNonNull(key, "tls key");
        }

        /** Serves HTTPS without asking clients for certificates. */
        public Tls(Path certificate, Path key) {
            this(certificate, key, null);
        }

        /** Every file to read, in the order a reload reads them. */
        java.util.List<Path> files() {
            return clientCa == null ? java.util.List.of(certificate, key) : java.util.List.of(certificate, key, clientCa);
        }
    }

    /**
     * Connection limits.
     *
     * @param headerTimeout            a client still sending its request line and headers after this long
     *                                 is cut off, however steadily it trickles bytes (slowloris)
     * @param maxConnections           open connections in all; past it the server stops accepting until some close
     * @param maxConnectionsPerAddress open connections from one client address; past it a new one is closed at
     *                                 once (mind a load balancer in front: all its connections share its address)
     */
    public record Limits(Duration headerTimeout, int maxConnections, int maxConnectionsPerAddress) {

        public static final int DEFAULT_HEADER_TIMEOUT_SECONDS = 10;
        public static final int DEFAULT_MAX_CONNECTIONS = 4096;
        public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1024;
        /** The limits when none are given; their parts are constants so that flags can name them as their defaults. */
        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(DEFAULT_HEADER_TIMEOUT_SECONDS),
                DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);

        public Limits {
            headerTimeout = headerTimeout == null ? DEFAULTS.headerTimeout() : headerTimeout;
            maxConnections = maxConnections == 0 ? DEFAULTS.maxConnections() : maxConnections;
            maxConnectionsPerAddress = maxConnectionsPerAddress == 0 ? DEFAULTS.maxConnectionsPerAddress()
                    : maxConnectionsPerAddress;
            if (!headerTimeout.isPositive()) {
                throw new IllegalArgumentException("header timeout must be positive, got " + headerTimeout);
            }
            if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
                throw new IllegalArgumentException("connection limits must be at least 1, got " + maxConnections
                        + " in all and " + maxConnectionsPerAddress + " per address");
            }
            if (maxConnectionsPerAddress > maxConnections) {
                throw new IllegalArgumentException("connections per address (" + maxConnectionsPerAddress
                        + ") cannot be more than connections in all (" + maxConnections + ")");
            }
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
        limits = limits == null ? Limits.DEFAULTS : limits;
        maxHeaderBytes = maxHeaderBytes == 0 ? DEFAULT_MAX_HEADER_BYTES : maxHeaderBytes;
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("max header bytes must be at least 1024, got " + maxHeaderBytes);
        }
    }

    /** Plain HTTP on {@code host:port} with the default limits. */
    public static HttpSettings of(String host, int port) {
        return new HttpSettings(host, port, null, 0, null, null);
    }

    public HttpSettings withTls(Tls tls) {
        return new HttpSettings(host, port, idleTimeout, maxHeaderBytes, tls, limits);
    }

    public HttpSettings withPort(int port) {
        return new HttpSettings(host, port, idleTimeout, maxHeaderBytes, tls, limits);
    }
}
