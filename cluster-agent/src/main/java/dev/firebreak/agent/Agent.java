package dev.firebreak.agent;

import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.server.Access;
import dev.firebreak.agent.server.AgentServer;
import dev.firebreak.agent.server.ClusterApi;
import dev.firebreak.agent.stream.EventHub;
import dev.firebreak.agent.watch.ClusterState;
import dev.firebreak.agent.watch.NodeScraper;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.time.InstantSource;
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

    private Agent(AgentConfig config, NodeScraper scraper, AgentServer server) {
        this.config = config;
        this.scraper = scraper;
        this.server = server;
    }

    /** Starts scraping and serving as {@code config} says. */
    public static Agent start(AgentConfig config, InstantSource clock) throws IOException {
        EventHub hub = new EventHub(RETAINED_EVENTS, STREAM_BACKLOG, clock.millis() * 1000);
        ClusterState state = new ClusterState(config.cluster(), config.nodes(), config.scrape().downAfterMillis(),
                clock, event -> hub.publish(event.type(), event));
        NodeScraper scraper = new NodeScraper(config.nodes(), config.scrape(), state, new OkHttpClient());
        AgentServer server = AgentServer.start(config.listen().host(), config.listen().port(),
                new ClusterApi(state, hub, new Access(config.access())));
        Agent agent = new Agent(config, scraper, server);
        scraper.start();
        agent.ticker.scheduleAtFixedRate(() -> hub.publish(EventHub.SNAPSHOT, state.snapshot()),
                SNAPSHOT_PERIOD_MILLIS, SNAPSHOT_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return agent;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public AgentConfig config() {
        return config;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        scraper.close();
        server.close();
    }
}
