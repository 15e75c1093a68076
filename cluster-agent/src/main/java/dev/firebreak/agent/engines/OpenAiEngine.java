package dev.firebreak.agent.engines;

import dev.firebreak.agent.api.KvReport;
import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeReport;
import dev.firebreak.node.api.NodeState;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any OpenAI-compatible server: all it tells is the models {@code /v1/models} lists, and that it
 * answers. Every engine figure is unavailable; what the agent knows of such a node comes from
 * the gateway's own traffic (requests, errors, latency, finish reasons, cut answers).
 */
public final class OpenAiEngine implements Engine {

    private static final String WHY = "an openai node tells only its models: this figure comes from nowhere but the engine";
    private static final List<String> FIGURES = List.of("kv.usage", "kv.blocksUsed", "kv.blocksOrphaned", "sequencesRunning",
            "sequencesWaiting", "tokensPerSecond", "requestsByOutcome", "timeToFirstToken", "timePerOutputToken", "endToEnd",
            "preemptions", "promptTokens", "generationTokens");

    private final EngineHttp http;
    private final InstantSource clock;
    private final ModelList modelList;

    OpenAiEngine(EngineHttp http, InstantSource clock) {
        this.http = http;
        this.clock = clock;
        this.modelList = new ModelList(clock, 0); // read every scrape: it is the liveness check
    }

    @Override
    public NodeKind kind() {
        return NodeKind.OPENAI;
    }

    @Override
    public NodeReport read() throws ScrapeFailure {
        List<String> findings = new ArrayList<>();
        List<String> models = modelList.read(http, findings);
        Map<String, String> why = new LinkedHashMap<>();
        FIGURES.forEach(f -> why.put(f, WHY));
        why.put(PrometheusFigures.KV_LEAK_DETECTION, "not available for this kind: an openai node gives no KV usage");
        List<ModelReport> reports = models.stream().map(m -> new ModelReport(m, true, KvReport.UNKNOWN, null, null, null, null,
                null, null, null, null, null, null, why)).toList();
        return new NodeReport(NodeState.SERVING, null, clock.millis(), null, null, null, null, reports,
                MetricsScrape.unsupported(NodeKind.OPENAI), findings);
    }
}
