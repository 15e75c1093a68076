package dev.firebreak.agent.engines;

import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeReport;
import dev.firebreak.agent.engines.PrometheusText.Exposition;
import dev.firebreak.node.api.NodeState;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One scrape of an engine that serves Prometheus figures ({@code /metrics}) next to an OpenAI
 * {@code /v1/models}: reads both, keeps the exposition for the next scrape's rates and
 * percentiles, and builds the node's report. Shared by the vLLM, SGLang and llama.cpp adapters,
 * which differ in the names they read and in what their {@code /health} means.
 */
final class MetricsScrape {

    private final NodeKind kind;
    private final EngineHttp http;
    private final InstantSource clock;
    private final PrometheusFigures figures;
    private final ModelList modelList;
    private final ScrapeWindow window = new ScrapeWindow();

    MetricsScrape(NodeKind kind, MetricNames names, EngineHttp http, InstantSource clock) {
        this.kind = kind;
        this.http = http;
        this.clock = clock;
        this.figures = new PrometheusFigures(names);
        this.modelList = new ModelList(clock, ModelList.REFRESH_MILLIS);
    }

    EngineHttp http() {
        return http;
    }

    long now() {
        return clock.millis();
    }

    /**
     * A whole scrape of an engine whose {@code /health} answers 200 while it serves: health, then
     * {@code /metrics}, then {@code /v1/models}.
     */
    NodeReport readServing(Function<MetricReader, PrometheusFigures.Blocks> blocks) throws ScrapeFailure {
        Set<String> findings = findings();
        EngineHttp.Answer health = http.get("/health");
        if (!health.ok()) {
            throw new ScrapeFailure("/health answered HTTP " + health.code());
        }
        Exposition metrics = metrics(findings);
        return report(NodeState.SERVING, metrics, models(findings), findings, blocks, Function.identity());
    }

    /** GETs {@code /metrics} and reads it; an error status, an HTML page or a body over the cap fails the scrape. */
    Exposition metrics(Set<String> findings) throws ScrapeFailure {
        EngineHttp.Answer answer = http.get("/metrics");
        if (!answer.ok()) {
            throw new ScrapeFailure("/metrics answered HTTP " + answer.code());
        }
        return parse(answer, findings);
    }

    static Exposition parse(EngineHttp.Answer answer, Set<String> findings) throws ScrapeFailure {
        if (answer.html()) {
            throw new ScrapeFailure("/metrics answered an HTML page, not Prometheus text");
        }
        Exposition exposition = PrometheusText.parse(answer.body());
        if (exposition.samples().isEmpty() && !exposition.problems().isEmpty()) {
            throw new ScrapeFailure("/metrics holds no readable sample: " + exposition.problems().getFirst());
        }
        exposition.problems().forEach(p -> findings.add("/metrics " + p + ": skipped"));
        return exposition;
    }

    /** The served models, from {@code /v1/models}. */
    List<String> models(Set<String> findings) throws ScrapeFailure {
        List<String> found = new ArrayList<>();
        List<String> listed = modelList.read(http, found);
        findings.addAll(found);
        return listed;
    }

    /**
     * The node's report from this scrape's exposition.
     *
     * @param blocks the KV blocks of a model as the exposition tells them, if it does
     * @param extra per-node figures the engine gives elsewhere, applied to each model's report
     */
    NodeReport report(NodeState state, Exposition exposition, List<String> models, Set<String> findings,
                      Function<MetricReader, PrometheusFigures.Blocks> blocks, Function<ModelReport, ModelReport> extra) {
        long now = clock.millis();
        List<String> noted = new ArrayList<>();
        MetricReader reader = new MetricReader(exposition, noted);
        ScrapeWindow.Past rateBase = window.rateBase(now);
        ScrapeWindow.Past windowStart = window.windowStart();
        PrometheusFigures.Blocks kvBlocks = blocks.apply(reader);
        List<ModelReport> reports = new ArrayList<>();
        for (String model : models) {
            reports.add(extra.apply(figures.read(model, true, reader, now, quiet(rateBase),
                    rateBase == null ? now : rateBase.atMillis(), quiet(windowStart), kvBlocks)));
        }
        window.add(now, exposition);
        findings.addAll(noted);
        return new NodeReport(state, null, now, null, null, null, null, reports, unsupported(kind), List.copyOf(findings));
    }

    /** A reader of an earlier scrape, whose problems were reported when it was read. */
    private static MetricReader quiet(ScrapeWindow.Past past) {
        return past == null ? null : new MetricReader(past.exposition(), new ArrayList<>());
    }

    /** A fresh set for one scrape's findings, in the order they were met. */
    static Set<String> findings() {
        return new LinkedHashSet<>();
    }

    /** What a node of an engine other than Firebreak cannot do or report, and why. */
    static Map<String, String> unsupported(NodeKind kind) {
        return Map.of(
                NodeReport.FAULTS, "fault injection is a Firebreak node feature: a " + kind.id() + " node has no /control/faults",
                "drain", kind.id() + " has no drain endpoint: the gateway drains it (no new requests, in-flight ones finish)",
                "heap", kind.id() + " is not a JVM: no heap figures",
                "uptimeMillis", kind.id() + " does not report when it started");
    }
}
