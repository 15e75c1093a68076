package dev.firebreak.node.metrics;

import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.engine.batch.Engine;
import dev.firebreak.node.engine.batch.ModelScheduler;
import dev.firebreak.node.engine.kv.KvFigures;
import dev.firebreak.node.lifecycle.NodeLifecycle;
import dev.firebreak.node.openai.RejectionCounts;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.ToDoubleFunction;

/**
 * The node's Prometheus metrics, named as vLLM names them where vLLM has the metric, {@code firebreak_*}
 * for the rest. Base units, {@code model_name} label. vLLM's separator after its prefix is a colon,
 * which Prometheus reserves for recording rules ({@code promtool check metrics} refuses it): ours is
 * an underscore, and {@code packaging/prometheus/firebreak-rules.yml} records each under vLLM's own
 * name, so dashboards built for vLLM read these through Prometheus.
 */
public final class NodeMetrics {

    private static final double[] LATENCY_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
            1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public NodeMetrics(String nodeId, Engine engine, NodeLifecycle lifecycle, RejectionCounts rejections) {
        gauge("vllm_num_requests_running", "Requests in the running batch.", engine, m -> m.stats().running());
        gauge("vllm_num_requests_waiting", "Requests waiting to be scheduled.", engine, m -> m.stats().waiting());
        gauge("vllm_kv_cache_usage_perc", "Share of the model's KV blocks in use (0-1).", engine, m -> {
            KvFigures kv = m.kv().figures();
            return kv.total() == 0 ? 0 : (double) kv.used() / kv.total();
        });
        counter("vllm_num_preemptions", "Sequences preempted (blocks freed, recomputed later).", engine,
                m -> m.stats().preemptions());
        counter("vllm_prompt_tokens", "Prompt tokens of finished requests.", engine, m -> m.stats().promptTokens());
        counter("vllm_generation_tokens", "Tokens generated.", engine, m -> m.stats().generatedTokens());
        CounterWithCallback.builder().name("vllm_request_success").help("Finished requests by finish reason.")
                .labelNames("model_name", "finished_reason")
                .callback(cb -> engine.models().forEach(m -> m.stats().outcomes().forEach((outcome, n) -> {
                    if (outcome.equals("stop") || outcome.equals("length")) {
                        cb.call(n, m.name(), outcome);
                    }
                }))).register(registry);
        CounterWithCallback.builder().name("firebreak_request_errors").help("Requests ended by an error, by code.")
                .labelNames("model_name", "code")
                .callback(cb -> engine.models().forEach(m -> m.stats().outcomes().forEach((outcome, n) -> {
                    if (!outcome.equals("stop") && !outcome.equals("length")) {
                        cb.call(n, m.name(), outcome);
                    }
                }))).register(registry);
        rejections.registerIn(registry);
        GaugeWithCallback.builder().name("firebreak_kv_blocks").help("KV cache blocks of the model by state.")
                .labelNames("model_name", "state")
                .callback(cb -> engine.models().forEach(m -> {
                    KvFigures kv = m.kv().figures();
                    cb.call(kv.used(), m.name(), "used");
                    cb.call(kv.free(), m.name(), "free");
                    cb.call(kv.shared(), m.name(), "shared");
                    cb.call(kv.orphaned(), m.name(), "orphaned");
                })).register(registry);
        GaugeWithCallback.builder().name("firebreak_node_serving").help("1 while the node takes new work, 0 draining or drained.")
                .labelNames("node_id")
                .callback(cb -> cb.call(lifecycle.state() == NodeState.SERVING ? 1 : 0, nodeId)).register(registry);

        Histogram ttft = histogram("vllm_time_to_first_token_seconds", "Time to the first generated token.");
        Histogram tpot = histogram("vllm_time_per_output_token_seconds", "Average time per token after the first.");
        Histogram e2e = histogram("vllm_e2e_request_latency_seconds", "Request latency, submit to finish.");
        for (ModelScheduler model : engine.models()) {
            model.stats().listen((kind, seconds) -> (switch (kind) {
                case TIME_TO_FIRST_TOKEN -> ttft;
                case TIME_PER_OUTPUT_TOKEN -> tpot;
                case END_TO_END -> e2e;
            }).labelValues(model.name()).observe(seconds));
        }
    }

    private void gauge(String name, String help, Engine engine, ToDoubleFunction<ModelScheduler> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("model_name")
                .callback(cb -> engine.models().forEach(m -> cb.call(value.applyAsDouble(m), m.name())))
                .register(registry);
    }

    private void counter(String name, String help, Engine engine, ToDoubleFunction<ModelScheduler> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("model_name")
                .callback(cb -> engine.models().forEach(m -> cb.call(value.applyAsDouble(m), m.name())))
                .register(registry);
    }

    private Histogram histogram(String name, String help) {
        return Histogram.builder().name(name).help(help).unit(null).labelNames("model_name").classicOnly()
                .classicUpperBounds(LATENCY_BUCKETS).register(registry);
    }

    /** {@code GET /metrics}: the Prometheus text format. */
    public void scrape(Exchange exchange) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writer.write(body, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        exchange.send(200, PrometheusTextFormatWriter.CONTENT_TYPE, body.toByteArray());
    }

}
