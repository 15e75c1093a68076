package dev.firebreak.agent.watch;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.engines.Engine;
import dev.firebreak.agent.engines.ScrapeFailure;
import dev.firebreak.agent.metrics.AgentMetrics;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes every node on a jittered interval through the adapter of its kind ({@link Engine}: a
 * Firebreak node's {@code /control/status}, another engine's {@code /metrics}, {@code /health} and
 * {@code /v1/models}), each scrape on a virtual thread with a per-call timeout, and feeds
 * {@link ClusterState}. A node that is
 * down is polled less often, but still often enough to see it come back within a second. Nodes
 * can be added and removed while it runs (discovery).
 */
public final class NodeScraper implements AutoCloseable {

    private static final long DOWN_INTERVAL_MILLIS = 1000;
    /** Below the nodes' own idle timeout (30 s by default), as every Firebreak client's. */
    private static final long KEEP_ALIVE_SECONDS = 20;
    private static final double JITTER = 0.1;
    /**
     * Scrapes in flight at once. A scrape of a healthy node takes a few ms, so a thousand nodes at
     * 1 Hz keep a handful in flight; the bound stops a fleet that turns slow all at once from opening
     * a connection per node in the same instant, and leaves room for dozens of nodes that answer
     * only at the timeout without delaying the rest.
     */
    static final int MAX_IN_FLIGHT = 64;
    /**
     * Idle connections kept per node. Each node has its own pool: OkHttp looks for a connection to
     * reuse by walking its pool, so one pool for a thousand nodes cost a thousand checks per GET.
     */
    static final int IDLE_CONNECTIONS_PER_NODE = 2;

    private final List<NodeConfig> nodes;
    private volatile boolean started;
    private final AgentConfig.Scrape settings;
    private final ClusterState state;
    private final OkHttpClient http;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("scrape-timer").daemon().factory());
    private volatile boolean closed;
    private final Map<String, Engine> engines = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final AgentMetrics metrics;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    public NodeScraper(List<NodeConfig> nodes, AgentConfig.Scrape settings, ClusterState state, OkHttpClient base,
                       AgentMetrics metrics) {
        this(nodes, settings, state, base, metrics, InstantSource.system());
    }

    /** A scraper whose adapters time their rates and percentiles by {@code clock}. */
    public NodeScraper(List<NodeConfig> nodes, AgentConfig.Scrape settings, ClusterState state, OkHttpClient base,
                       AgentMetrics metrics, InstantSource clock) {
        this.clock = clock;
        this.metrics = metrics;
        this.nodes = new CopyOnWriteArrayList<>(nodes);
        this.settings = settings;
        this.state = state;
        this.http = base.newBuilder()
                .callTimeout(Duration.ofMillis(settings.timeoutMillis()))
                .connectTimeout(Duration.ofMillis(settings.timeoutMillis()))
                .retryOnConnectionFailure(false)
                .build();
        this.http.dispatcher().setMaxRequestsPerHost(Math.max(5, nodes.size()));
        this.http.dispatcher().setMaxRequests(Math.max(64, nodes.size() * 2));
    }

    /** The nodes scraped now. */
    public List<NodeConfig> nodes() {
        return List.copyOf(nodes);
    }

    /** Starts scraping one more node (at once if already started); false if its id is taken. */
    public boolean add(NodeConfig node) {
        synchronized (nodes) {
            if (nodes.stream().anyMatch(n -> n.id().equals(node.id()))) {
                return false;
            }
            nodes.add(node);
        }
        http.dispatcher().setMaxRequests(Math.max(64, nodes.size() * 2));
        if (started) {
            timer.schedule(() -> scrape(node), jittered(10), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Stops scraping a node; a scrape in flight finishes and is not followed by another. */
    public void remove(String nodeId) {
        nodes.removeIf(n -> n.id().equals(nodeId));
        engines.remove(nodeId);
    }

    /** Starts scraping; the first round goes out at once, so a (re)started agent knows its nodes within one call. */
    public void start() {
        started = true;
        for (NodeConfig node : nodes) {
            timer.schedule(() -> scrape(node), jittered(10), TimeUnit.MILLISECONDS);
        }
    }

    private void scrape(NodeConfig node) {
        if (closed || !nodes.contains(node)) {
            return;
        }
        Engine engine = engines.computeIfAbsent(node.id(), id -> Engine.of(node, http.newBuilder()
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS_PER_NODE, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS)).build(), clock));
        // A virtual thread per scrape: an adapter may make a few GETs, each bounded by the call timeout.
        long due = System.nanoTime();
        Thread.ofVirtual().name("scrape-" + node.id()).start(() -> {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                return; // closing
            }
            long start = System.nanoTime();
            try {
                state.scraped(node.id(), engine.read());
                metrics.scraped(node.id(), seconds(start));
            } catch (ScrapeFailure e) {
                metrics.scrapeFailed(node.id(), seconds(start), e.refused()
                        ? dev.firebreak.agent.metrics.ScrapeFailure.REFUSED : dev.firebreak.agent.metrics.ScrapeFailure.IO);
                state.scrapeFailed(node.id(), e.getMessage(), e.refused());
            } catch (RuntimeException e) {
                metrics.scrapeFailed(node.id(), seconds(start), dev.firebreak.agent.metrics.ScrapeFailure.UNREADABLE);
                state.scrapeFailed(node.id(), "unreadable answer: " + e, false);
            } finally {
                inFlight.release();
            }
            scheduleNext(node, due);
        });
    }

    /**
     * The next scrape, an interval after this one was due: the time this one took (a slow answer, a
     * wait for a slot) is not added to the gap, so a fleet whose scrapes slow down is still read once
     * an interval. A scrape that took longer than the interval is followed at once.
     */
    private void scheduleNext(NodeConfig node, long dueNanos) {
        if (closed || !nodes.contains(node)) {
            return;
        }
        long interval = state.health(node.id()) == NodeHealth.DOWN
                ? Math.max(settings.intervalMillis(), DOWN_INTERVAL_MILLIS) : settings.intervalMillis();
        long took = (System.nanoTime() - dueNanos) / 1_000_000;
        timer.schedule(() -> scrape(node), Math.max(1, jittered(interval) - took), TimeUnit.MILLISECONDS);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long jittered(long millis) {
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
        return Math.max(1, Math.round(millis * factor));
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        http.dispatcher().cancelAll();
    }
}
