package dev.firebreak.agent.engines;

import dev.firebreak.agent.api.KvReport;
import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeReport;
import dev.firebreak.agent.nodetls.TlsFailure;
import dev.firebreak.node.api.KvCacheStatus;
import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.api.NodeStatus;
import dev.firebreak.node.http.Json;

import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/** A Firebreak node: its {@code /control/status} holds every figure, in blocks, with orphans counted. */
public final class FirebreakEngine implements Engine {

    /** What {@code /control/status} does not carry (the node's {@code /metrics} does, for Prometheus). */
    private static final Map<String, String> ABSENT = Map.of(
            "timePerOutputToken", "Firebreak's /control/status gives time to first token and end to end, not per output token",
            "promptTokens", "Firebreak's /control/status counts requests, not prompt tokens",
            "generationTokens", "Firebreak's /control/status gives tokens/s, not a token count");

    private final EngineHttp http;

    FirebreakEngine(EngineHttp http, InstantSource clock) {
        this.http = http;
    }

    @Override
    public NodeKind kind() {
        return NodeKind.FIREBREAK;
    }

    @Override
    public NodeReport read() throws ScrapeFailure {
        EngineHttp.Answer answer = http.get("/control/status");
        if (!answer.ok()) {
            throw new ScrapeFailure(TlsFailure.certificateRequired(answer.code(), answer.body(), http.baseUrl())
                    .orElse("status endpoint answered HTTP " + answer.code()));
        }
        NodeStatus status;
        try {
            status = Json.mapper().readValue(answer.body(), NodeStatus.class);
        } catch (IOException | RuntimeException e) {
            throw new ScrapeFailure("unreadable status: " + e.getMessage());
        }
        return report(status);
    }

    /** A Firebreak node's status in the agent's common shape. */
    public static NodeReport report(NodeStatus status) {
        List<ModelReport> models = status.models().stream().map(FirebreakEngine::model).toList();
        return new NodeReport(status.state(), status.startedAtMillis(), status.observedAtMillis(), status.uptimeMillis(),
                status.heap(), status.drain(), status.faults(), models, Map.of(), List.of());
    }

    private static ModelReport model(ModelStatus m) {
        KvCacheStatus kv = m.kv();
        return new ModelReport(m.model(), m.admissionOpen(),
                new KvReport(kv.usage(), kv.blockSize(), kv.blocksTotal(), kv.blocksUsed(), kv.blocksFree(), kv.blocksOrphaned()),
                m.sequencesRunning(), m.sequencesWaiting(), m.tokensPerSecond(), m.requestsByOutcome(), m.timeToFirstToken(),
                null, m.endToEnd(), m.preemptions(), null, null, ABSENT);
    }
}
