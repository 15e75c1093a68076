package dev.firebreak.agent.engines;

import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeReport;

import java.time.InstantSource;

/**
 * An engine read through its Prometheus {@code /metrics} by the names it documents: one
 * {@link MetricsScrape} per node. A subclass gives its names and, where its metrics tell them,
 * its KV blocks; one whose {@code /health} means more than "serving" reads the node itself.
 */
abstract sealed class MetricsEngine implements Engine permits VllmEngine, SglangEngine, LlamaCppEngine {

    private final NodeKind kind;
    final MetricsScrape scrape;

    MetricsEngine(NodeKind kind, MetricNames names, EngineHttp http, InstantSource clock) {
        this.kind = kind;
        this.scrape = new MetricsScrape(kind, names, http, clock);
    }

    @Override
    public final NodeKind kind() {
        return kind;
    }

    /** A scrape of an engine whose {@code /health} answers 200 while it serves. */
    @Override
    public NodeReport read() throws ScrapeFailure {
        return scrape.readServing(this::blocks);
    }

    /** The KV blocks the engine allocated, as its metrics tell them; unknown unless a subclass reads them. */
    PrometheusFigures.Blocks blocks(MetricReader reader) {
        return PrometheusFigures.Blocks.UNKNOWN;
    }
}
