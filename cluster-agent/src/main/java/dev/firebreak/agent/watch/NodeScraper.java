package dev.firebreak.agent.watch;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.node.api.NodeStatus;
import dev.firebreak.node.http.Json;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes every node's {@code /control/status} on a jittered interval, asynchronously with a
 * per-call timeout (no thread waits on a node), and feeds {@link ClusterState}. A node that is
 * down is polled less often, but still often enough to see it come back within a second. Nodes
 * can be added and removed while it runs (discovery).
 */
public final class NodeScraper implements AutoCloseable {

    private static final long DOWN_INTERVAL_MILLIS = 1000;
    private static final double JITTER = 0.1;

    private final List<NodeConfig> nodes;
    private volatile boolean started;
    private final AgentConfig.Scrape settings;
    private final ClusterState state;
    private final OkHttpClient http;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("scrape-timer").daemon().factory());
    private volatile boolean closed;

    public NodeScraper(List<NodeConfig> nodes, AgentConfig.Scrape settings, ClusterState state, OkHttpClient base) {
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
        Request request = new Request.Builder().url(node.url() + "/control/status").get().build();
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                try (response; ResponseBody body = response.body()) {
                    if (response.code() != 200) {
                        state.scrapeFailed(node.id(), "status endpoint answered HTTP " + response.code(), false);
                    } else {
                        state.scraped(node.id(), Json.mapper().readValue(body.byteStream(), NodeStatus.class));
                    }
                } catch (IOException | RuntimeException e) {
                    state.scrapeFailed(node.id(), "unreadable status: " + e.getMessage(), false);
                }
                scheduleNext(node);
            }

            @Override
            public void onFailure(Call call, IOException e) {
                boolean refused = Liveness.certain(e);
                state.scrapeFailed(node.id(), describe(e), refused);
                scheduleNext(node);
            }
        });
    }

    private void scheduleNext(NodeConfig node) {
        if (closed || !nodes.contains(node)) {
            return;
        }
        long interval = state.health(node.id()) == NodeHealth.DOWN
                ? Math.max(settings.intervalMillis(), DOWN_INTERVAL_MILLIS) : settings.intervalMillis();
        timer.schedule(() -> scrape(node), jittered(interval), TimeUnit.MILLISECONDS);
    }

    private static long jittered(long millis) {
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
        return Math.max(1, Math.round(millis * factor));
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (Liveness.certain(e)) {
            return "connection reset";
        }
        if (e instanceof java.io.InterruptedIOException) {
            return "no answer within the scrape timeout";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        http.dispatcher().cancelAll();
    }
}
