package dev.firebreak.lab.simulator;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Many simulated nodes in one process: one Jetty server with one connector per node on its own
 * loopback port, all sharing one thread pool, scheduler and buffer pool. A connector's selector
 * also accepts (no acceptor thread), so a node costs one parked selector thread and three file
 * descriptors until it is scraped; requests run on virtual threads.
 */
public final class Simulator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Simulator.class.getName());
    /** Jetty says each connector's start and stop: a thousand lines at this size. Held here so the level stays set. */
    private static final java.util.logging.Logger CONNECTOR_LOG = java.util.logging.Logger.getLogger(
            "org.eclipse.jetty.server.AbstractConnector");

    static {
        CONNECTOR_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final Server server;
    private final List<SimulatedNode> nodes;
    private final ScrapeGaps gaps;

    private Simulator(Server server, List<SimulatedNode> nodes, ScrapeGaps gaps) {
        this.server = server;
        this.nodes = nodes;
        this.gaps = gaps;
    }

    /** Checks the machine's limits for {@code options}, binds every node's port and starts serving. */
    public static Simulator start(SimulatorOptions options) throws IOException {
        return start(options, InstantSource.system());
    }

    public static Simulator start(SimulatorOptions options, InstantSource clock) throws IOException {
        SimulatorLimits.check(options);
        QueuedThreadPool threads = new QueuedThreadPool(options.nodes() + 64, 4);
        threads.setName("sim");
        threads.setReservedThreads(0);
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        HttpConnectionFactory factory = new HttpConnectionFactory(http);
        Map<Connector, SimulatedNode> byConnector = new IdentityHashMap<>();
        List<SimulatedNode> nodes = new ArrayList<>();
        ScrapeGaps gaps = new ScrapeGaps();
        for (int i = 1; i <= options.nodes(); i++) {
            String id = options.nodeId(i);
            SimulatedNode node = new SimulatedNode(id, options.kind(i), options.behaviour(id), options.modelsOf(i), options,
                    options.seed() * 1_000_033L + i, clock, gaps);
            ServerConnector connector = new ServerConnector(server, null, null, null, 0, 1, factory);
            connector.setHost(options.host());
            connector.setPort(options.basePort() == 0 ? 0 : options.basePort() + i - 1);
            connector.setIdleTimeout(30_000);
            connector.setName(id);
            try {
                connector.open();
            } catch (IOException e) {
                closeAll(server, byConnector.keySet());
                String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
                throw new IOException("cannot listen on " + options.host() + ":" + connector.getPort() + " for node " + id + ": "
                        + why + (options.basePort() == 0 ? "" : "; the range " + options.basePort() + "-"
                        + (options.basePort() + options.nodes() - 1) + " collides with another listener: pick another --base-port"), e);
            }
            server.addConnector(connector);
            byConnector.put(connector, node);
            node.listenOn(connector);
            nodes.add(node);
        }
        server.setHandler(new ByConnector(byConnector));
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            closeAll(server, byConnector.keySet());
            throw new IOException("cannot start the simulator: " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "simulating " + nodes.size() + " nodes on " + options.host() + ", ports "
                + nodes.getFirst().port() + " to " + nodes.getLast().port());
        return new Simulator(server, List.copyOf(nodes), gaps);
    }

    public List<SimulatedNode> nodes() {
        return nodes;
    }

    /** The time between two scrapes of a node, over every node. */
    public ScrapeGaps scrapeGaps() {
        return gaps;
    }

    /** The node with id {@code id}. */
    public SimulatedNode node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no simulated node " + id));
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the simulator: " + e);
        }
    }

    private static void closeAll(Server server, Iterable<Connector> opened) {
        for (Connector c : opened) {
            ((ServerConnector) c).close();
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "stopping a simulator that did not start: " + e);
        }
    }

    /** Hands each request to the routes of the node whose connector took it. */
    private static final class ByConnector extends Handler.Abstract {

        private final Map<Connector, SimulatedNode> nodes;

        ByConnector(Map<Connector, SimulatedNode> nodes) {
            super(InvocationType.BLOCKING);
            this.nodes = nodes;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            SimulatedNode node = nodes.get(request.getConnectionMetaData().getConnector());
            return node != null && node.router().handle(request, response, callback);
        }
    }
}
