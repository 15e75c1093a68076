package dev.firebreak.app.connection;

import dev.firebreak.agent.api.ActionRequest;
import dev.firebreak.agent.api.ActionResult;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.Principal;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.client.Replicas;
import dev.firebreak.agent.client.StreamConnection;
import dev.firebreak.agent.client.StreamListener;
import dev.firebreak.app.figures.Figures;
import dev.firebreak.app.figures.RecentSamples;
import dev.firebreak.lab.loadgen.LoadGenerator;
import dev.firebreak.lab.loadgen.LoadOptions;
import dev.firebreak.lab.loadgen.WorkloadMix;
import dev.firebreak.lab.loadgen.LoadStats;
import dev.firebreak.lab.localcluster.LocalCluster;

import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The console's link to one agent, on background threads: starts the local cluster when asked,
 * keeps the agent's stream open, fills in the recent past for the charts, computes the figures,
 * and publishes every change as a new {@link ConsoleState}. Imports nothing from JavaFX.
 */
public final class ClusterConnection implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ClusterConnection.class.getName());
    /** How much of the past the charts show. */
    public static final int TREND_SECONDS = 300;
    private static final int AUDIT_SHOWN = 200;
    /** How often the keys' usage is read again: a table to glance at, not a chart. */
    private static final long KEYS_EVERY_MILLIS = 5000;
    private static final int INCIDENTS_SHOWN = 100;
    /** Requests per second per model and node the local traffic generator starts with: busy, not saturated, on 2 cores. */
    static final java.util.Map<String, Double> LOCAL_TRAFFIC_PER_NODE = java.util.Map.of("tiny-chat", 0.7, "tiny-code", 0.35);

    private final ClusterTarget target;
    private final InstantSource clock;
    private volatile Consumer<ConsoleState> publish = s -> { };
    private final AtomicReference<ConsoleState> state;
    // The charts' window and a little more: the first point of a line needs the one before it for its rates.
    private final RecentSamples samples = new RecentSamples(TREND_SECONDS + 10);
    private volatile String trendScope;
    private volatile LocalCluster localCluster;
    private volatile LoadGenerator traffic;
    private volatile AgentClient client;
    private volatile StreamConnection stream;
    private volatile boolean closed;
    private volatile long keysReadAtMillis;

    public ClusterConnection(ClusterTarget target, InstantSource clock) {
        this.target = target;
        this.clock = clock;
        Link first = switch (target) {
            case ClusterTarget.Local local -> new Link.StartingLocalCluster(local.nodes());
            case ClusterTarget.Agent agent -> new Link.Connecting(agent.url());
        };
        this.state = new AtomicReference<>(ConsoleState.initial(first, target instanceof ClusterTarget.Local));
    }

    /** Where every new state goes, on a background thread; set before {@link #start()}. */
    public void setListener(Consumer<ConsoleState> listener) {
        this.publish = listener;
    }

    /** Starts connecting (and the local cluster first, if the target is one) on a virtual thread. */
    public void start() {
        publish.accept(state.get());
        Thread.ofVirtual().name("cluster-connection").start(this::connect);
    }

    public ConsoleState current() {
        return state.get();
    }

    public ClusterTarget target() {
        return target;
    }

    private void connect() {
        Replicas replicas;
        String token;
        switch (target) {
            case ClusterTarget.Agent agent -> {
                replicas = agent.replicas();
                token = agent.token();
            }
            case ClusterTarget.Local local -> {
                try {
                    LocalCluster started = LocalCluster.start(new LocalCluster.Options("local", local.nodes(),
                            List.of("tiny-chat", "tiny-code"), null), false);
                    if (closed) {
                        started.close();
                        return;
                    }
                    localCluster = started;
                    replicas = new Replicas(List.of(started.agentUrl()));
                    token = started.operatorToken();
                    startTraffic(started, local.nodes());
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.ERROR, "local cluster did not start", e);
                    update(s -> s.withLink(new Link.Failed("the local cluster did not start: " + e.getMessage())));
                    return;
                }
            }
        }
        update(s -> s.withLink(new Link.Connecting(replicas.toString())));
        client = new AgentClient(replicas, token);
        stream = client.openStream(new Listener(replicas));
    }

    /**
     * The local cluster's traffic generator, clients of the gateway as in production, started once
     * the nodes are warm (each node warms itself up, WARMING on the dashboard meanwhile): fresh JVMs
     * answer their first requests in seconds, which the detectors would rightly call stalls and a
     * newcomer would see as trouble.
     */
    private void startTraffic(LocalCluster cluster, int nodes) {
        String url = cluster.agentUrl();
        Thread.ofVirtual().name("local-traffic").start(() -> {
            try {
                cluster.awaitServing();
            } catch (java.io.IOException e) {
                LOG.log(System.Logger.Level.WARNING, "no local traffic: " + e.getMessage());
                return;
            } catch (InterruptedException e) {
                return;
            }
            java.util.Map<String, Double> rates = new java.util.TreeMap<>();
            LOCAL_TRAFFIC_PER_NODE.forEach((model, rps) -> rates.put(model, Math.round(rps * nodes * 10) / 10.0));
            synchronized (this) {
                if (!closed) {
                    // Completions only: the synthetic models answer chat requests with special tokens
                    // alone (empty text), and the gray-failure detector would call a node that happened
                    // to get more of them sick.
                    traffic = LoadGenerator.start(LoadOptions.of(url, rates).withMix(WorkloadMix.defaults().withChatShare(0))
                            .withApiKey(cluster.clientKey()));
                }
            }
        });
    }

    private final class Listener implements StreamListener {
        private final Replicas replicas;

        Listener(Replicas replicas) {
            this.replicas = replicas;
        }

        @Override
        public void onConnected() {
            String url = replicas.current();
            LOG.log(System.Logger.Level.INFO, "agent={0} stream open", url);
            update(s -> s.withLink(new Link.Connected(url, replicas.urls())));
            Thread.ofVirtual().name("console-catch-up").start(() -> catchUp(url));
        }

        @Override
        public void onSnapshot(ClusterSnapshot snapshot) {
            long now = clock.millis();
            samples.add(snapshot);
            var figures = Figures.compute(snapshot, samples, trendScope, TREND_SECONDS);
            LoadGenerator load = traffic;
            LoadStats clients = load == null ? null : load.stats();
            update(s -> s.withSnapshot(snapshot, now, figures).withTraffic(clients));
            if (now - keysReadAtMillis >= KEYS_EVERY_MILLIS) {
                keysReadAtMillis = now;
                Thread.ofVirtual().name("console-keys").start(ClusterConnection.this::refreshKeys);
            }
        }

        @Override
        public void onEvent(ClusterEvent event) {
            update(s -> s.withEvent(event));
            if (event.type().startsWith("action")) {
                Thread.ofVirtual().start(ClusterConnection.this::refreshAudit);
            }
        }

        @Override
        public void onIncident(Incident incident) {
            update(s -> s.withIncident(incident));
        }

        @Override
        public void onDisconnected(String reason) {
            String url = stream == null ? replicas.current() : stream.replica();
            long now = clock.millis();
            update(s -> s.link() instanceof Link.Disconnected d
                    ? s.withLink(new Link.Disconnected(url, reason, d.sinceMillis()))
                    : s.withLink(new Link.Disconnected(url, reason, now)));
        }
    }

    /** After (re)connecting: who we are, the charts' recent past and the audit log, each on its own. */
    private void catchUp(String url) {
        if (state.get().principal() == null) {
            try {
                Principal who = client.whoami();
                update(s -> s.withPrincipal(who));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "agent={0} whoami failed: {1}", url, e.getMessage());
            }
        }
        try {
            samples.backfill(client.series(TREND_SECONDS));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "agent={0} series failed, charts start empty: {1}", url, e.getMessage());
        }
        refreshAudit();
        try {
            var incidents = client.incidents(INCIDENTS_SHOWN);
            update(s -> s.withIncidents(incidents));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "agent={0} incidents read failed: {1}", url, e.getMessage());
        }
    }

    /** Reads the gateway's client keys and their usage again (every few seconds, with the snapshots). */
    void refreshKeys() {
        AgentClient c = client;
        if (c == null) {
            return;
        }
        try {
            var keys = c.keys();
            update(s -> s.withKeys(keys));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client keys read failed: {0}", e.getMessage());
        }
    }

    /** Reads the newest audit entries again (after an action, or when the agent reports one). */
    public void refreshAudit() {
        AgentClient c = client;
        if (c == null) {
            return;
        }
        try {
            var entries = c.audit(AUDIT_SHOWN);
            update(s -> s.withAudit(entries));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "audit read failed: {0}", e.getMessage());
        }
    }

    /**
     * Restricts the charts to one node ({@code null}: the whole cluster), recomputing the figures
     * at once on a background thread.
     */
    public void scopeTrends(String nodeId) {
        trendScope = nodeId;
        Thread.ofVirtual().start(() -> {
            ConsoleState s = state.get();
            if (s.snapshot() != null) {
                var figures = Figures.compute(s.snapshot(), samples, nodeId, TREND_SECONDS);
                update(current -> current.withSnapshot(current.snapshot(), current.receivedAtMillis(), figures));
            }
        });
    }

    private void update(UnaryOperator<ConsoleState> change) {
        if (!closed) {
            publish.accept(state.updateAndGet(change));
        }
    }

    /** Sends an action to the agent on a virtual thread; the future completes off the FX thread. */
    public CompletableFuture<ActionResult> act(ActionRequest request) {
        CompletableFuture<ActionResult> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                // The audit view refreshes on the agent's "action" event, for this console's actions and others'.
                result.complete(client.act(request));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Changes the local traffic generator's rate for {@code model}; no-op without one. */
    public void setTrafficRate(String model, double requestsPerSecond) {
        LoadGenerator load = traffic;
        if (load != null) {
            load.setRate(model, requestsPerSecond);
        }
    }

    /** The client of the agent once connected, or {@code null} before: for the services that read more of its API. */
    public AgentClient client() {
        return client;
    }

    /** The local cluster this console started, or {@code null}. */
    public LocalCluster localCluster() {
        return localCluster;
    }

    /** Closes the stream and stops the local cluster, if this console started one. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (traffic != null) {
                traffic.close();
            }
        }
        if (stream != null) {
            stream.close();
        }
        if (client != null) {
            client.close();
        }
        if (localCluster != null) {
            localCluster.close();
        }
    }
}
