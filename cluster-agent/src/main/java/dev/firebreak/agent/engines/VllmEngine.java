package dev.firebreak.agent.engines;

import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.engines.PrometheusText.Sample;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * A vLLM OpenAI server. Names as vLLM documents them in "Production Metrics" and defines them in
 * {@code vllm/v1/metrics/loggers.py} (v1 engine, v0.10-v0.11), with the v0 engine's spellings
 * (v0.6-v0.9) read where v1 renamed them: {@code vllm:kv_cache_usage_perc} (was
 * {@code vllm:gpu_cache_usage_perc}), {@code vllm:inter_token_latency_seconds} (was
 * {@code vllm:time_per_output_token_seconds}). Every series is labelled {@code model_name}, the
 * served model name {@code /v1/models} lists. {@code /health} answers 200 while the engine lives.
 * KV blocks follow from the usage share and {@code vllm:cache_config_info}'s {@code num_gpu_blocks}.
 */
public final class VllmEngine extends MetricsEngine {

    static final MetricNames NAMES = new MetricNames("vLLM", "model_name",
            List.of("vllm:num_requests_running"),
            List.of("vllm:num_requests_waiting"),
            List.of("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"),
            List.of("vllm:num_preemptions_total"),
            List.of("vllm:request_success_total"), "finished_reason",
            List.of("vllm:prompt_tokens_total"),
            List.of("vllm:generation_tokens_total"),
            List.of("vllm:time_to_first_token_seconds"),
            List.of("vllm:inter_token_latency_seconds", "vllm:time_per_output_token_seconds"),
            List.of("vllm:e2e_request_latency_seconds"),
            Map.of("kv.blocksOrphaned", "vLLM does not report KV blocks held by no live sequence"));

    VllmEngine(EngineHttp http, InstantSource clock) {
        super(NodeKind.VLLM, NAMES, http, clock);
    }

    /** The KV blocks vLLM allocated, from the labels of its {@code vllm:cache_config_info} info gauge. */
    @Override
    PrometheusFigures.Blocks blocks(MetricReader reader) {
        for (Sample s : reader.exposition().named("vllm:cache_config_info")) {
            try {
                String total = s.labels().get("num_gpu_blocks");
                String size = s.labels().get("block_size");
                if (total != null && !total.equals("None")) {
                    long blocks = Long.parseLong(total);
                    return blocks > 0 ? new PrometheusFigures.Blocks(size == null ? null : Integer.valueOf(size), blocks)
                            : PrometheusFigures.Blocks.UNKNOWN;
                }
            } catch (NumberFormatException e) {
                return PrometheusFigures.Blocks.UNKNOWN;
            }
        }
        return PrometheusFigures.Blocks.UNKNOWN;
    }
}
