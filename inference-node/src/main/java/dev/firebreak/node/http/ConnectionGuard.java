package dev.firebreak.node.http;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cuts off the clients that a per-read idle timeout lets through: a connection still sending its
 * request line and headers after the header timeout (slowloris: one byte every few seconds keeps
 * an idle timeout from ever firing), and connections over the cap per client address. Jetty tells
 * it of every connection opened and closed; a sweep a few times a second reads each one's parser.
 */
final class ConnectionGuard implements Connection.Listener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());
    private static final long SWEEP_MILLIS = 200;

    private final long headerTimeoutNanos;
    private final int maxPerAddress;
    /** Open connections, with the time each started its current request's headers (0: not in headers). */
    private final Map<HttpConnection, Long> open = new ConcurrentHashMap<>();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    /**
     * Each counted connection's client address, as it was when it opened: a connection that closes
     * abruptly (reset, aborted) no longer tells its remote address, and without this its count was
     * never given back, until a busy client address was refused for good.
     */
    private final Map<HttpConnection, InetAddress> addresses = new ConcurrentHashMap<>();
    private final AtomicLong slowHeadersClosed = new AtomicLong();
    private final AtomicLong overAddressCapClosed = new AtomicLong();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("http-connection-guard").daemon().factory());

    ConnectionGuard(Duration headerTimeout, int maxPerAddress) {
        this.headerTimeoutNanos = headerTimeout.toNanos();
        this.maxPerAddress = maxPerAddress;
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        // Only the HTTP connection counts: over TLS an SslConnection opens beneath it too.
        if (!(connection instanceof HttpConnection http)) {
            return;
        }
        InetAddress address = address(connection.getEndPoint().getRemoteSocketAddress());
        if (address != null) {
            addresses.put(http, address);
            int now = perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
            if (now > maxPerAddress) {
                overAddressCapClosed.incrementAndGet();
                LOG.log(System.Logger.Level.DEBUG, "client={0} over {1} connections: closed", address, maxPerAddress);
                // Not from inside Jetty's own opening of the connection: closed right after it.
                sweeper.execute(() -> connection.getEndPoint().close());
            }
        }
        open.put(http, 0L);
    }

    @Override
    public void onClosed(Connection connection) {
        if (!(connection instanceof HttpConnection)) {
            return;
        }
        open.remove(connection);
        InetAddress address = addresses.remove(connection);
        if (address != null) {
            perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** Connections closed because their request headers took longer than the header timeout. */
    long slowHeadersClosed() {
        return slowHeadersClosed.get();
    }

    /** Connections closed because their client address already had the most allowed. */
    long overAddressCapClosed() {
        return overAddressCapClosed.get();
    }

    private void sweep() {
        long now = System.nanoTime();
        open.replaceAll((connection, since) -> {
            // Between requests the parser is at START (the idle timeout's business); in a request's
            // line or headers it is past START and not yet in the content.
            var parser = connection.getParser();
            boolean inHeaders = parser.inHeaderState() && !parser.isStart();
            if (!inHeaders) {
                return 0L;
            }
            long started = since == 0L ? now : since;
            if (now - started > headerTimeoutNanos) {
                slowHeadersClosed.incrementAndGet();
                LOG.log(System.Logger.Level.DEBUG, "client={0} still sending headers after {1} ms: closed",
                        connection.getEndPoint().getRemoteSocketAddress(), headerTimeoutNanos / 1_000_000);
                connection.getEndPoint().close();
            }
            return started;
        });
    }

    private static InetAddress address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
