package dev.firebreak.agent.engines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeReport;
import dev.firebreak.agent.engines.PrometheusText.Exposition;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.http.Json;

import java.io.IOException;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * llama.cpp's {@code llama-server}, as its {@code tools/server/README.md} documents it (builds
 * b4500-b6000): {@code /health} answers 503 while the model loads (the node is WARMING, not down);
 * {@code /metrics} exists only with {@code --metrics} and serves unlabelled {@code llamacpp:*}
 * figures for its one model ({@code requests_processing}, {@code requests_deferred},
 * {@code prompt_tokens_total}, {@code tokens_predicted_total}, and {@code kv_cache_usage_ratio} in
 * the builds that still have it); {@code /slots}, unless started with {@code --no-slots}, tells which
 * slots are processing, which stands in for the running requests when {@code /metrics} is off. It
 * has no latency histograms, no finish reasons and no preemptions.
 */
public final class LlamaCppEngine extends MetricsEngine {

    static final MetricNames NAMES = new MetricNames("llama.cpp", null,
            List.of("llamacpp:requests_processing"),
            List.of("llamacpp:requests_deferred"),
            List.of("llamacpp:kv_cache_usage_ratio"),
            List.of(),
            List.of(), "",
            List.of("llamacpp:prompt_tokens_total"),
            List.of("llamacpp:tokens_predicted_total"),
            List.of(), List.of(), List.of(),
            Map.of("kv.blocksOrphaned", "llama.cpp does not report KV cells held by no live slot",
                    "preemptions", "llama.cpp's /metrics counts no preemptions",
                    "requestsByOutcome", "llama.cpp's /metrics counts no requests by finish reason",
                    "timeToFirstToken", "llama.cpp's /metrics has no latency histograms",
                    "timePerOutputToken", "llama.cpp's /metrics has no latency histograms",
                    "endToEnd", "llama.cpp's /metrics has no latency histograms"));

    private static final String METRICS_OFF = "llama-server runs without --metrics: /metrics answered HTTP 501";

    LlamaCppEngine(EngineHttp http, InstantSource clock) {
        super(NodeKind.LLAMACPP, NAMES, http, clock);
    }

    /** /health's 503 (loading) is a WARMING node, and /slots stands in for the running requests when /metrics is off. */
    @Override
    public NodeReport read() throws ScrapeFailure {
        Set<String> findings = MetricsScrape.findings();
        EngineHttp.Answer health = scrape.http().get("/health");
        if (health.code() == 503) {
            // Loading its model: alive, taking no work yet.
            return new NodeReport(NodeState.WARMING, null, scrape.now(), null, null, null, null, List.of(),
                    MetricsScrape.unsupported(NodeKind.LLAMACPP), List.of("/health answered 503: the model is loading"));
        }
        if (!health.ok()) {
            throw new ScrapeFailure("/health answered HTTP " + health.code());
        }
        EngineHttp.Answer metrics = scrape.http().get("/metrics");
        boolean metricsOff = metrics.code() == 501;
        if (!metricsOff && !metrics.ok()) {
            throw new ScrapeFailure("/metrics answered HTTP " + metrics.code());
        }
        Exposition exposition = metricsOff ? PrometheusText.parse("") : MetricsScrape.parse(metrics, findings);
        Integer processing = processingSlots(findings);
        List<String> models = scrape.models(findings);
        return scrape.report(NodeState.SERVING, exposition, models, findings, this::blocks,
                m -> metricsOff ? withoutMetrics(m, processing) : m);
    }

    /** The slots processing a request now, from {@code /slots}; {@code null} when it is disabled or unreadable. */
    private Integer processingSlots(Set<String> findings) throws ScrapeFailure {
        EngineHttp.Answer slots = scrape.http().get("/slots");
        if (!slots.ok()) {
            return null; // 501 with --no-slots
        }
        try {
            JsonNode list = Json.mapper().readTree(slots.body());
            if (!list.isArray()) {
                findings.add("/slots answered JSON that is not a list of slots: ignored");
                return null;
            }
            int processing = 0;
            for (JsonNode slot : list) {
                processing += slot.path("is_processing").asBoolean(false) ? 1 : 0;
            }
            return processing;
        } catch (IOException e) {
            findings.add("/slots answered something that is not JSON: ignored");
            return null;
        }
    }

    private static ModelReport withoutMetrics(ModelReport m, Integer processing) {
        Map<String, String> why = new HashMap<>();
        m.unavailable().forEach((field, reason) -> why.put(field, reason.startsWith("this llama.cpp /metrics has no")
                || reason.startsWith("no ") || reason.startsWith("needs") ? METRICS_OFF : reason));
        if (processing != null) {
            why.remove("sequencesRunning");
        }
        return new ModelReport(m.model(), m.admissionOpen(), m.kv(), processing, null, null, null, null, null, null, null, null,
                null, why);
    }
}
