package dev.firebreak.app.connection;

import dev.firebreak.agent.api.ActionRequest;
import dev.firebreak.agent.api.ActionResult;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.Principal;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.client.StreamConnection;
import dev.firebreak.agent.client.StreamListener;
import dev.firebreak.agent.localcluster.LocalCluster;
import dev.firebreak.app.ConsoleOptions;

import java.io.IOException;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The console's link to one agent, on background threads: starts the local cluster when asked,
 * keeps the agent's stream open, and publishes every change as a new {@link ConsoleState}.
 * Imports nothing from JavaFX.
 */
public final class ClusterConnection implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ClusterConnection.class.getName());

    private final ConsoleOptions options;
    private final InstantSource clock;
    private final Consumer<ConsoleState> publish;
    private final AtomicReference<ConsoleState> state;
    private volatile LocalCluster localCluster;
    private volatile AgentClient client;
    private volatile StreamConnection stream;
    private volatile boolean closed;

    /**
     * @param publish receives every new state, on a background thread
     */
    public ClusterConnection(ConsoleOptions options, InstantSource clock, Consumer<ConsoleState> publish) {
        this.options = options;
        this.clock = clock;
        this.publish = publish;
        Link first = options.local() ? new Link.StartingLocalCluster(options.localNodes())
                : new Link.Connecting(options.agentUrl());
        this.state = new AtomicReference<>(new ConsoleState(first, options.local(), null, 0, null));
    }

    /** Starts connecting (and the local cluster first, if the options ask for one) on a virtual thread. */
    public void start() {
        publish.accept(state.get());
        Thread.ofVirtual().name("cluster-connection").start(this::connect);
    }

    public ConsoleState current() {
        return state.get();
    }

    private void connect() {
        String agentUrl = options.agentUrl();
        String token = options.token();
        if (options.local()) {
            try {
                LocalCluster started = LocalCluster.start(new LocalCluster.Options("local", options.localNodes(),
                        List.of("tiny-chat", "tiny-code"), null));
                if (closed) {
                    started.close();
                    return;
                }
                localCluster = started;
                agentUrl = started.agentUrl();
                token = started.operatorToken();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "local cluster did not start", e);
                update(s -> s.withLink(new Link.Failed("the local cluster did not start: " + e.getMessage())));
                return;
            }
        }
        String url = agentUrl;
        update(s -> s.withLink(new Link.Connecting(url)));
        client = new AgentClient(url, token);
        stream = client.openStream(new Listener(url));
    }

    private final class Listener implements StreamListener {
        private final String url;

        Listener(String url) {
            this.url = url;
        }

        @Override
        public void onConnected() {
            LOG.log(System.Logger.Level.INFO, "agent={0} stream open", url);
            update(s -> s.withLink(new Link.Connected(url)));
            if (state.get().principal() == null) {
                Thread.ofVirtual().start(() -> {
                    try {
                        Principal who = client.whoami();
                        update(s -> s.withPrincipal(who));
                    } catch (IOException e) {
                        LOG.log(System.Logger.Level.WARNING, "agent={0} whoami failed: {1}", url, e.getMessage());
                    }
                });
            }
        }

        @Override
        public void onSnapshot(ClusterSnapshot snapshot) {
            long now = clock.millis();
            update(s -> s.withSnapshot(snapshot, now));
        }

        @Override
        public void onEvent(ClusterEvent event) {
            update(s -> s.withEvent(event));
        }

        @Override
        public void onDisconnected(String reason) {
            long now = clock.millis();
            update(s -> s.link() instanceof Link.Disconnected d
                    ? s.withLink(new Link.Disconnected(url, reason, d.sinceMillis()))
                    : s.withLink(new Link.Disconnected(url, reason, now)));
        }
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
                result.complete(client.act(request));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The local cluster this console started, or {@code null}. */
    public LocalCluster localCluster() {
        return localCluster;
    }

    /** Closes the stream and stops the local cluster, if this console started one. */
    @Override
    public void close() {
        closed = true;
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
