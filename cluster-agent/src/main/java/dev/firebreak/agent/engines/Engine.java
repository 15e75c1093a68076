package dev.firebreak.agent.engines;

import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeReport;
import dev.firebreak.agent.config.NodeConfig;
import okhttp3.OkHttpClient;

import java.time.InstantSource;

/**
 * What the agent reads of one node, one adapter per engine: each turns what its engine exposes
 * into the same {@link NodeReport}, so the rest of the agent does not know which engine it
 * watches. An adapter keeps the node's recent scrapes (rates and percentiles come from the
 * difference between two), so there is one per node.
 */
public sealed interface Engine permits FirebreakEngine, MetricsEngine, OpenAiEngine {

    /** The most a node's answer to one GET may hold. */
    long MAX_BODY_BYTES = 8L << 20;

    NodeKind kind();

    /** One scrape of the node: blocks for at most the client's timeout per GET. */
    NodeReport read() throws ScrapeFailure;

    /** The adapter for {@code node}'s kind, reading it through {@code http} (whose call timeout is the scrape's). */
    static Engine of(NodeConfig node, OkHttpClient http, InstantSource clock) {
        EngineHttp get = new EngineHttp(http, node.url(), MAX_BODY_BYTES);
        return switch (node.kind()) {
            case FIREBREAK -> new FirebreakEngine(get, clock);
            case VLLM -> new VllmEngine(get, clock);
            case LLAMACPP -> new LlamaCppEngine(get, clock);
            case SGLANG -> new SglangEngine(get, clock);
            case OPENAI -> new OpenAiEngine(get, clock);
        };
    }
}
