package dev.firebreak.lab.simulator;

import dev.firebreak.agent.api.NodeKind;

import java.util.List;

/**
 * A simulated node's {@code /metrics}, in the names its kind's engine documents (the ones the
 * agent's adapters read, {@code agent.engines}): vLLM's {@code vllm:*} with {@code model_name}
 * labels and {@code cache_config_info}, SGLang's {@code sglang:*}, llama.cpp's unlabelled
 * {@code llamacpp:*}, and a Firebreak node's own exposition (vLLM's names, underscored, plus its
 * KV blocks by state). An OpenAI-only server has no {@code /metrics}.
 */
final class MetricsFace {

    /** One model's reading. */
    record Reading(String model, ModelSim.Figures figures) {
    }

    private MetricsFace() {
    }

    static String render(NodeKind kind, String nodeId, boolean serving, List<Reading> readings) {
        MetricsText text = new MetricsText();
        switch (kind) {
            case VLLM -> vllm(text, "vllm:", "inter_token_latency_seconds", readings);
            case FIREBREAK -> firebreak(text, nodeId, serving, readings);
            case SGLANG -> sglang(text, readings);
            case LLAMACPP -> llamacpp(text, readings.getFirst().figures());
            case OPENAI -> throw new IllegalArgumentException("an openai node has no /metrics");
        }
        return text.toString();
    }

    private static void vllm(MetricsText text, String prefix, String itlName, List<Reading> readings) {
        if (prefix.equals("vllm:")) {
            text.type("vllm:cache_config_info", "gauge");
            text.sample("vllm:cache_config_info", 1, "block_size", Integer.toString(ModelSim.BLOCK_SIZE), "cache_dtype", "auto",
                    "num_gpu_blocks", Long.toString(ModelSim.BLOCKS_TOTAL), "num_cpu_blocks", "0");
        }
        family(text, prefix + "num_requests_running", "gauge", readings, (r, f) -> f.running());
        family(text, prefix + "num_requests_waiting", "gauge", readings, (r, f) -> f.waiting());
        family(text, prefix + "kv_cache_usage_perc", "gauge", readings,
                (r, f) -> f.kv().usage());
        counter(text, prefix + "num_preemptions", readings, f -> f.preemptions());
        text.type(prefix + "request_success", "counter");
        for (Reading r : readings) {
            for (String reason : List.of("stop", "length", "abort")) {
                text.sample(prefix + "request_success_total", r.figures().outcomes().getOrDefault(reason, 0L),
                        "finished_reason", reason, "model_name", r.model());
            }
        }
        counter(text, prefix + "prompt_tokens", readings, ModelSim.Figures::promptTokens);
        counter(text, prefix + "generation_tokens", readings, ModelSim.Figures::generationTokens);
        histograms(text, prefix + "time_to_first_token_seconds", readings, ModelSim.Figures::ttft);
        histograms(text, prefix + itlName, readings, ModelSim.Figures::itl);
        histograms(text, prefix + "e2e_request_latency_seconds", readings, ModelSim.Figures::e2e);
    }

    private static void firebreak(MetricsText text, String nodeId, boolean serving, List<Reading> readings) {
        vllm(text, "vllm_", "time_per_output_token_seconds", readings);
        text.type("firebreak_kv_blocks", "gauge");
        for (Reading r : readings) {
            var kv = r.figures().kv();
            text.sample("firebreak_kv_blocks", kv.blocksUsed() - kv.blocksOrphaned(), "model_name", r.model(), "state", "used");
            text.sample("firebreak_kv_blocks", kv.blocksFree(), "model_name", r.model(), "state", "free");
            text.sample("firebreak_kv_blocks", kv.blocksOrphaned(), "model_name", r.model(), "state", "orphaned");
        }
        text.type("firebreak_node_serving", "gauge");
        text.sample("firebreak_node_serving", serving ? 1 : 0, "node_id", nodeId);
    }

    private static void sglang(MetricsText text, List<Reading> readings) {
        family(text, "sglang:num_running_reqs", "gauge", readings, (r, f) -> f.running());
        family(text, "sglang:num_queue_reqs", "gauge", readings, (r, f) -> f.waiting());
        family(text, "sglang:token_usage", "gauge", readings, (r, f) -> f.kv().usage());
        counter(text, "sglang:prompt_tokens", readings, ModelSim.Figures::promptTokens);
        counter(text, "sglang:generation_tokens", readings, ModelSim.Figures::generationTokens);
        histograms(text, "sglang:time_to_first_token_seconds", readings, ModelSim.Figures::ttft);
        histograms(text, "sglang:inter_token_latency_seconds", readings, ModelSim.Figures::itl);
        histograms(text, "sglang:e2e_request_latency_seconds", readings, ModelSim.Figures::e2e);
    }

    /** llama-server's one model, unlabelled. */
    private static void llamacpp(MetricsText text, ModelSim.Figures f) {
        text.type("llamacpp:prompt_tokens_total", "counter");
        text.sample("llamacpp:prompt_tokens_total", f.promptTokens());
        text.type("llamacpp:tokens_predicted_total", "counter");
        text.sample("llamacpp:tokens_predicted_total", f.generationTokens());
        text.type("llamacpp:kv_cache_usage_ratio", "gauge");
        text.sample("llamacpp:kv_cache_usage_ratio", f.kv().usage());
        text.type("llamacpp:requests_processing", "gauge");
        text.sample("llamacpp:requests_processing", f.running());
        text.type("llamacpp:requests_deferred", "gauge");
        text.sample("llamacpp:requests_deferred", f.waiting());
    }

    private interface Value {
        double of(Reading reading, ModelSim.Figures figures);
    }

    private static void family(MetricsText text, String name, String type, List<Reading> readings, Value value) {
        text.type(name, type);
        for (Reading r : readings) {
            text.sample(name, value.of(r, r.figures()), "model_name", r.model());
        }
    }

    private static void counter(MetricsText text, String family, List<Reading> readings,
                                java.util.function.ToLongFunction<ModelSim.Figures> value) {
        text.type(family, "counter");
        for (Reading r : readings) {
            text.sample(family + "_total", value.applyAsLong(r.figures()), "model_name", r.model());
        }
    }

    private static void histograms(MetricsText text, String family, List<Reading> readings,
                                   java.util.function.Function<ModelSim.Figures, LatencyBuckets> buckets) {
        text.type(family, "histogram");
        for (Reading r : readings) {
            text.histogram(family, buckets.apply(r.figures()), "model_name", r.model());
        }
    }
}
