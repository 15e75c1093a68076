package dev.firebreak.agent;

import dev.firebreak.agent.client.HttpClients;
import dev.firebreak.agent.client.StreamConnection;
import dev.firebreak.agent.actions.ActionsApi;
import dev.firebreak.agent.alerting.AlertmanagerNotifier;
import dev.firebreak.agent.alerting.IncidentProblems;
import dev.firebreak.agent.overrides.Overrides;
import dev.firebreak.agent.keys.ClientKeys;
import dev.firebreak.agent.keys.KeyRing;
import dev.firebreak.agent.keys.KeysApi;
import dev.firebreak.agent.state.StateStore;
import dev.firebreak.agent.state.StateStores;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.AlertingConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.discovery.KubernetesDiscovery;
import dev.firebreak.agent.discovery.WatchSet;
import dev.firebreak.agent.detect.DetectorRunner;
import dev.firebreak.agent.drain.GatewayDrains;
import dev.firebreak.agent.history.History;
import dev.firebreak.agent.metrics.AgentMetrics;
import dev.firebreak.agent.metrics.OpenIncidents;
import dev.firebreak.agent.nodetls.NodeTls;
import dev.firebreak.agent.incidents.IncidentLog;
import dev.firebreak.agent.incidents.Incidents;
import dev.firebreak.agent.incidents.IncidentsApi;
import dev.firebreak.agent.gateway.Breakers;
import dev.firebreak.agent.gateway.GatewayApi;
import dev.firebreak.agent.access.Access;
import dev.firebreak.agent.server.AgentServer;
import dev.firebreak.agent.slo.BurnAlerts;
import dev.firebreak.agent.slo.SloApi;
import dev.firebreak.agent.slo.SloBook;
import dev.firebreak.agent.slo.SloMeter;
import dev.firebreak.agent.server.ClusterApi;
import dev.firebreak.agent.stream.EventHub;
import dev.firebreak.agent.watch.ClusterState;
import dev.firebreak.agent.watch.Liveness;
import dev.firebreak.agent.watch.NodeScraper;
import dev.firebreak.node.http.WebServer;

import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
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
    private static final int SLO_FLUSH_SECONDS = 5;

    private final AgentConfig config;
    private final NodeScraper scraper;
    private final WebServer server;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("snapshot-ticker").daemon().factory());

    private final StateStore store;
    private KubernetesDiscovery discovery;
    private AlertmanagerNotifier alertmanager;
    private NodeTls nodeTls;

    private Agent(AgentConfig config, NodeScraper scraper, WebServer server, StateStore store) {
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
        // Read before anything is written: a bad scrape.tls file leaves no state file behind.
        NodeTls nodeTls = NodeTls.start(config.scrape().tls());
        StateStore store;
        try {
            store = StateStores.open(config.stateFile(), env);
        } catch (IOException | RuntimeException e) {
            nodeTls.close();
            throw e;
        }
        try {
            return start(config, clock, store, nodeTls);
        } catch (IOException | RuntimeException e) {
            store.closeAfterFailedStart();
            nodeTls.close();
            throw e;
        }
    }

    private static Agent start(AgentConfig config, InstantSource clock, StateStore store, NodeTls nodeTls) throws IOException {
        EventHub hub = new EventHub(RETAINED_EVENTS, STREAM_BACKLOG, clock.millis() * 1000);
        Incidents incidents;
        try {
            incidents = new Incidents(clock, store.incidents());
        } catch (IncidentLog.IncidentLogException e) {
            throw new IOException(e.getMessage(), e);
        }
        incidents.addListener(incident -> hub.publish(StreamConnection.INCIDENT, incident));
        // Every cluster event goes to the stream and to the incidents it may belong to.
        java.util.function.Consumer<ClusterEvent> publish = event -> {
            hub.publish(event.type(), event);
            incidents.accept(event);
        };
        // The gateway is built on the state, and the state's liveness asks the gateway: bound once both exist.
        java.util.concurrent.atomic.AtomicReference<GatewayApi> answering = new java.util.concurrent.atomic.AtomicReference<>();
        Liveness liveness = new Liveness(config.gateway().breaker().timeoutsBeforeDown(),
                node -> answering.get() == null ? 0 : answering.get().answeredBy(node));
        ClusterState state = new ClusterState(config.cluster(), config.nodes(), config.scrape().downAfterMillis(),
                clock, publish, liveness);
        GatewayDrains drains = new GatewayDrains(clock);
        state.overlay(drains::overlay);
        Breakers breakers = new Breakers(config.gateway().breaker(), clock,
                change -> publish.accept(ClusterEvent.of(change, clock.millis())));
        History history = new History();
        DetectorRunner detectors = new DetectorRunner(history, breakers, clock, publish,
                config.gateway().ttftObjectiveSeconds(), config.gateway().breaker());
        AgentMetrics metrics = new AgentMetrics(breakers::views, () -> state.snapshot().nodes(), detectors::alerts);
        // Scrapes, control calls and gateway traffic: every call to a node trusts and presents what scrape.tls says.
        // A client each, as each sizes its own dispatcher.
        NodeScraper scraper = new NodeScraper(config.nodes(), config.scrape(), state, nodeTls.builder().build(), metrics);
        Overrides overrides = new Overrides();
        GatewayApi gateway = GatewayApi.create(config, () -> state.snapshot().nodes(), breakers, overrides, clock, metrics,
                nodeTls.builder().build());
        Access access = new Access(config.access());
        ActionsApi actions = new ActionsApi(config, scraper::nodes, gateway::knowsModel, access, store, overrides, breakers,
                clock, publish, drains, nodeTls.builder().build());
        actions.actOn(incidents);
        store.onChange(incidents::sync);
        actions.onAudit(entry -> metrics.audited(entry.action(), entry.decision()));
        store.onChange(actions::sync);
        KeyRing keyRing = new KeyRing(store, clock);
        keyRing.sync();
        store.onChange(keyRing::sync);
        gateway.admitWith(new ClientKeys(keyRing, config.gateway().open()));
        metrics.clientKeys(keyRing::statuses);
        metrics.rejections(gateway.rejections());
        KeysApi keys = new KeysApi(store, keyRing, access, clock, entry -> metrics.audited(entry.action(), entry.decision()));
        Supplier<ClusterSnapshot> snapshots = () -> state.snapshot().with(breakers.views(), overrides.list(), detectors.alerts(),
                config.gateway().kvThreshold()).withActionsUnavailable(store.status().up() ? null
                : "actions unavailable: state store down (" + store.status().detail() + ")");
        drains.countInFlight(gateway::inFlight);
        SloMeter slo = new SloMeter(config.slo(), clock, store.sloMinutes(), metrics.sloEvents());
        gateway.recordSlo(slo);
        SloBook sloBook = new SloBook(config.slo(), clock, store.sloMinutes(), gateway::modelNames);
        SloApi sloApi = new SloApi(sloBook, access);
        BurnAlerts burns = new BurnAlerts(clock, (model, event) -> {
            hub.publish(event.type(), event);
            incidents.acceptModel(model, event);
        });
        answering.set(gateway);
        WebServer server;
        try {
            server = WebServer.start(config.listen().http(),
                    AgentServer.routing(new ClusterApi(snapshots, history, hub, access), actions, gateway, metrics,
                            new IncidentsApi(incidents, access), keys).get("/api/v1/slo", sloApi::report)
                            .get("/api/v1/slo/history", sloApi::history));
        } catch (IOException | RuntimeException e) {
            scraper.close();
            throw e;
        }
        Agent agent = new Agent(config, scraper, server, store);
        agent.nodeTls = nodeTls;
        agent.alertmanager = alertmanager(config, server.baseUrl(), clock, metrics);
        agent.ticker.scheduleAtFixedRate(incidents::tick, 1, 1, TimeUnit.SECONDS);
        agent.ticker.scheduleAtFixedRate(actions::expire, 1, 1, TimeUnit.SECONDS);
        agent.ticker.scheduleAtFixedRate(() -> {
            slo.flush();
            try {
                burns.check(sloBook.report());
            } catch (dev.firebreak.agent.slo.SloLog.SloLogException e) {
                System.getLogger(Agent.class.getName()).log(System.Logger.Level.WARNING, "SLO burn rates unread: {0}", e.getMessage());
            }
        }, SLO_FLUSH_SECONDS, SLO_FLUSH_SECONDS, TimeUnit.SECONDS);
        agent.ticker.scheduleAtFixedRate(() -> {
            history.sample(clock.millis(), state.snapshot().nodes(), gateway::counts);
            detectors.run();
            metrics.findingsInForce(detectors.alerts());
            List<Incident> live = incidents.live();
            metrics.openIncidents().set(OpenIncidents.bySeverity(live));
            if (agent.alertmanager != null) {
                agent.alertmanager.update(IncidentProblems.of(config.cluster(), live));
            }
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
        agent.ticker.scheduleAtFixedRate(() -> hub.publishState(snapshots.get()),
                SNAPSHOT_PERIOD_MILLIS, SNAPSHOT_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return agent;
    }

    private static AlertmanagerNotifier alertmanager(AgentConfig config, String baseUrl, InstantSource clock,
                                                     AgentMetrics metrics) {
        AlertingConfig alerting = config.alerting();
        if (alerting.alertmanagers().isEmpty()) {
            return null;
        }
        String external = alerting.externalUrl() != null ? alerting.externalUrl() : baseUrl;
        return new AlertmanagerNotifier(alerting.alertmanagers(), java.time.Duration.ofSeconds(alerting.resendSeconds()),
                java.time.Duration.ofSeconds(alerting.timeoutSeconds()), external + "/api/v1/incidents", clock, metrics,
                HttpClients.builder().build());
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
        if (alertmanager != null) {
            alertmanager.close();
        }
        scraper.close();
        server.close();
        nodeTls.close();
        store.close();
    }
}
