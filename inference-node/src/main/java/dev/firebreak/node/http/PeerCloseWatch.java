package dev.firebreak.node.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Notices that the client of an exchange closed its connection while the handler is still computing
 * the answer. The JDK's HTTP server cannot tell: it does not read a connection while its exchange is
 * in progress, so a non-streaming handler would only learn of it when it writes the answer.
 *
 * <p>How: Linux lists every TCP socket of the network namespace with its state in
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}. A server-side socket whose peer sent FIN (closed
 * it, or exited) is in CLOSE_WAIT until the server closes it too. A watched exchange is matched there
 * by its local and remote address and port. One virtual thread reads the tables a few times a second,
 * and only while something is watched. Where the tables cannot be read (not Linux), {@link #watch}
 * does nothing and a request ends at its deadline, as before.
 *
 * <p>Only CLOSE_WAIT counts. A socket missing from a read is not taken as reset: the kernel writes
 * the tables page by page while connections come and go, so a read is no snapshot, and cancelling a
 * live request on that guess would be far worse than a late cancel. A peer that resets
 * (SO_LINGER 0; not what a client that sent its whole request and is waiting does) is noticed at the
 * deadline. A client that half-closes (shuts its output, still reads) looks gone, as it does to nginx;
 * HTTP clients do not do that while they wait for an answer.
 */
public final class PeerCloseWatch implements AutoCloseable {

    /** Watching one exchange; {@link #stop()} it before writing the answer. */
    public interface Registration extends AutoCloseable {
        /** Stops watching. False when the peer had already gone (and the callback ran): answer nothing. */
        boolean stop();

        @Override
        default void close() {
            stop();
        }
    }

    private static final System.Logger LOG = System.getLogger(PeerCloseWatch.class.getName());
    private static final List<Path> LINUX_TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final int CLOSE_WAIT = 0x08;
    private static final Registration NOT_WATCHED = () -> true;

    private final List<Path> tables;
    private final Duration interval;
    private final Map<Connection, Watched> watched = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final Thread poller;
    private volatile boolean closed;

    /** A watch of this host's TCP tables, or one that watches nothing where there are none. */
    public static PeerCloseWatch forThisHost() {
        List<Path> readable = LINUX_TABLES.stream().filter(Files::isReadable).toList();
        if (readable.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "no {0} here: a client that disconnects is noticed at its deadline",
                    LINUX_TABLES);
        }
        return new PeerCloseWatch(readable, INTERVAL);
    }

    PeerCloseWatch(List<Path> tables, Duration interval) {
        this.tables = List.copyOf(tables);
        this.interval = interval;
        this.poller = this.tables.isEmpty() ? null : Thread.ofVirtual().name("peer-close-watch").start(this::run);
    }

    /** Calls {@code onPeerClosed} once, on the watch's thread, if the exchange's client goes away before {@code stop}. */
    public Registration watch(HttpExchange exchange, Runnable onPeerClosed) {
        return watch(exchange.getLocalAddress(), exchange.getRemoteAddress(), onPeerClosed);
    }

    /** As {@link #watch(HttpExchange, Runnable)}, for the server-side socket {@code local} connected to {@code remote}. */
    public Registration watch(InetSocketAddress local, InetSocketAddress remote, Runnable onPeerClosed) {
        if (poller == null || closed || local == null || remote == null) {
            return NOT_WATCHED;
        }
        Connection connection = new Connection(local.getAddress(), local.getPort(), remote.getAddress(), remote.getPort());
        Watched w = new Watched(connection, onPeerClosed);
        watched.put(connection, w);
        lock.lock();
        try {
            added.signal();
        } finally {
            lock.unlock();
        }
        return w;
    }

    @Override
    public void close() {
        closed = true;
        if (poller != null) {
            poller.interrupt();
        }
    }

    private void run() {
        try {
            while (!closed) {
                awaitSomethingWatched();
                check(readStates());
                Thread.sleep(interval);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // Never guess: without the tables every request simply runs to its deadline, as without this watch.
            LOG.log(System.Logger.Level.WARNING, "cannot read {0}; disconnected clients are noticed at their deadline: {1}",
                    tables, e.toString());
            closed = true;
        }
    }

    private void awaitSomethingWatched() throws InterruptedException {
        lock.lock();
        try {
            while (watched.isEmpty() && !closed) {
                added.await(1, TimeUnit.SECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void check(Map<Connection, Integer> states) {
        for (Watched w : watched.values()) {
            if (states.getOrDefault(w.connection, -1) == CLOSE_WAIT) {
                w.peerClosed();
            }
        }
    }

    /** The state of every watched connection found in the tables. */
    private Map<Connection, Integer> readStates() throws IOException {
        Map<Connection, Integer> states = new HashMap<>();
        for (Path table : tables) {
            try (BufferedReader reader = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
                reader.readLine(); // column titles
                String line;
                while ((line = reader.readLine()) != null) {
                    String[] fields = line.trim().split("\\s+", 5);
                    if (fields.length < 4) {
                        continue;
                    }
                    Connection c = Connection.parse(fields[1], fields[2]);
                    if (watched.containsKey(c)) {
                        states.put(c, Integer.parseInt(fields[3], 16));
                    }
                }
            }
        }
        return states;
    }

    /** One TCP connection as the server side sees it. */
    record Connection(InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort) {

        /** From the kernel's {@code ADDR:PORT} columns: the address as 32-bit words in host byte order, all hex. */
        static Connection parse(String local, String remote) throws UnknownHostException {
            int l = local.indexOf(':');
            int r = remote.indexOf(':');
            return new Connection(address(local.substring(0, l)), Integer.parseInt(local.substring(l + 1), 16),
                    address(remote.substring(0, r)), Integer.parseInt(remote.substring(r + 1), 16));
        }

        private static InetAddress address(String hex) throws UnknownHostException {
            ByteBuffer bytes = ByteBuffer.allocate(hex.length() / 2).order(ByteOrder.nativeOrder());
            for (int i = 0; i < hex.length(); i += 8) {
                bytes.putInt((int) Long.parseLong(hex, i, i + 8, 16));
            }
            // An IPv4-mapped IPv6 address (a dual-stack socket) comes back as the IPv4 address, as Java reports it.
            return InetAddress.getByAddress(bytes.array());
        }
    }

    private final class Watched implements Registration {
        private static final int WATCHING = 0;
        private static final int PEER_CLOSED = 1;
        private static final int STOPPED = 2;

        private final Connection connection;
        private final Runnable onPeerClosed;
        private final AtomicInteger state = new AtomicInteger(WATCHING);

        Watched(Connection connection, Runnable onPeerClosed) {
            this.connection = connection;
            this.onPeerClosed = onPeerClosed;
        }

        void peerClosed() {
            if (state.compareAndSet(WATCHING, PEER_CLOSED)) {
                watched.remove(connection, this);
                try {
                    onPeerClosed.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "reacting to the close of " + connection + " failed", e);
                }
            }
        }

        @Override
        public boolean stop() {
            if (state.compareAndSet(WATCHING, STOPPED)) {
                watched.remove(connection, this);
            }
            return state.get() != PEER_CLOSED;
        }
    }
}
