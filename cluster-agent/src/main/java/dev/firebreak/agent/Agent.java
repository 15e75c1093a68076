package dev.firebreak.agent;

import dev.firebreak.agent.client.HttpClients;
import dev.firebreak.agent.actions.ActionsApi;
import dev.firebreak.agent.overrides.Overrides;
import dev.firebreak.agent.state.StateStore;
import dev.firebreak.agent.state.StateStores;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.discovery.KubernetesDiscovery;
import dev.firebreak.agent.discovery.WatchSet;
import dev.firebreak.agent.detect.DetectorRunner;
import dev.firebreak.agent.history.History;
import dev.firebreak.agent.gateway.Breakers;
import dev.firebreak.agent.gateway.GatewayApi;
import dev.firebreak.agent.access.Access;
import dev.firebreak.agent.server.AgentServer;
import dev.firebreak.agent.server.ClusterApi;
import dev.firebreak.agent.stream.EventHub;
import dev.firebreak.agent.watch.ClusterState;
import dev.firebreak.agent.watch.NodeScraper;

import java.io.IOException;
import java.time.InstantSource;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** One running agent: the state it keeps, the scraper feeding it, the stream and the API on top. */
public final class Agent implements AutoCloseable {

    private static final long SNAPSHOT_PERIOD_MILLIS = 1000;
    private static final int RETAINED_EVENTS = 600;
    private static final int STREAM_BACKLOG = 1000;

    private final AgentConfig config;
    private final NodeScraper scraper;
    private final AgentServer server;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("snapshot-ticker").daemon().factory());

    private final StateStore store;
    private KubernetesDiscovery discovery;

    private Agent(AgentConfig config, NodeScraper scraper, AgentServer server, StateStore store) {
        this.config = config;
        this.store = store;
        this.scraper = scraper;
        this.server = server;
    }

    /** Starts scraping and serving as {@code config} says. */
    public static Agent start(AgentConfig config, InstantSource clock) throws IOException {
        return start(config, clock, System.getenv());
    }

    /**
     * Starts as {@code config} says, with {@code env} for what is never in the configuration (the
     * state store's password).
     *
     * @throws dev.firebreak.agent.state.StateStartException when the state store cannot be used
     */
    public static Agent start(AgentConfig config, InstantSource clock, Map<String, String> env) throws IOException {
        EventHub hub = new EventHub(RETAINED_EVENTS, STREAM_BACKLOG, clock.millis() * 1000);
        ClusterState state = new ClusterState(config.cluster(), config.nodes(), config.scrape().downAfterMillis(),
                clock, event -> hub.publish(event.type(), event));
        NodeScraper scraper = new NodeScraper(config.nodes(), config.scrape(), state, HttpClients.builder().build());
        Breakers breakers = new Breakers(config.gateway().breaker(),
                change -> hub.publish("breaker", ClusterEvent.of(change, clock.millis())));
        Overrides overrides = new Overrides();
        Access access = new Access(config.access());
        StateStore store;
        try {
            store = StateStores.open(config.stateFile(), env);
        } catch (IOException e) {
            scraper.close();
            throw e;
        }
        ActionsApi actions = new ActionsApi(config, scraper::nodes, access, store, overrides, breakers, clock,
                event -> hub.publish(event.type(), event));
        store.onChange(actions::sync);
        History history = new History();
        DetectorRunner detectors = new DetectorRunner(history, breakers, clock, event -> hub.publish(event.type(), event),
                config.gateway().ttftObjectiveSeconds());
        Supplier<ClusterSnapshot> snapshots = () -> state.snapshot().with(breakers.views(), overrides.list(), detectors.alerts(),
                config.gateway().kvThreshold());
        GatewayApi gateway = GatewayApi.create(config, () -> state.snapshot().nodes(), breakers, overrides, clock);
        AgentServer server = AgentServer.start(config.listen().http(),
                new ClusterApi(snapshots, history, hub, access), actions, gateway);
        Agent agent = new Agent(config, scraper, server, store);
        agent.ticker.scheduleAtFixedRate(actions::expire, 1, 1, TimeUnit.SECONDS);
        agent.ticker.scheduleAtFixedRate(() -> {
            history.sample(clock.millis(), state.snapshot().nodes(), gateway::counts);
            detectors.run();
        }, 1, 1, TimeUnit.SECONDS);
        scraper.start();
        if (config.discovery().kubernetes() != null) {
            try {
                agent.discovery = startDiscovery(config, state, scraper);
            } catch (IOException e) {
                agent.close();
                throw e;
            }
        }
        agent.ticker.scheduleAtFixedRate(() -> hub.publish(EventHub.SNAPSHOT, snapshots.get()),
                SNAPSHOT_PERIOD_MILLIS, SNAPSHOT_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return agent;
    }

    private static KubernetesDiscovery startDiscovery(AgentConfig config, ClusterState state, NodeScraper scraper)
            throws IOException {
        WatchSet watch = new WatchSet() {
            @Override
            public boolean watch(NodeConfig node) {
                if (!state.add(node)) {
                    return false;
                }
                scraper.add(node);
                return true;
            }

            @Override
            public void unwatch(String nodeId, String why) {
                scraper.remove(nodeId);
                state.remove(nodeId, why);
            }
        };
        KubernetesDiscovery discovery = new KubernetesDiscovery(config.discovery().kubernetes(), HttpClients.builder().build(),
                watch, config.nodes().stream().map(NodeConfig::id).collect(Collectors.toSet()));
        discovery.start();
        return discovery;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public AgentConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (discovery != null) {
            discovery.close();
        }
        ticker.shutdownNow();
        scraper.close();
        server.close();
        store.close();
    }
}
