package dev.firebreak.agent.engines;

import dev.firebreak.agent.api.NodeKind;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * An SGLang server started with {@code --enable-metrics}. Names as SGLang's "Production Metrics"
 * page documents them (v0.4-v0.5): {@code sglang:num_running_reqs}, {@code sglang:num_queue_reqs},
 * {@code sglang:token_usage} (the share of the KV token pool in use), prompt and generation token
 * counters and the latency histograms ({@code sglang:inter_token_latency_seconds}, earlier
 * {@code sglang:time_per_output_token_seconds}), labelled {@code model_name}. SGLang counts no
 * requests by finish reason and no preemptions; {@code /health} answers 200 while it serves.
 */
public final class SglangEngine extends MetricsEngine {

    static final MetricNames NAMES = new MetricNames("SGLang", "model_name",
            List.of("sglang:num_running_reqs"),
            List.of("sglang:num_queue_reqs"),
            List.of("sglang:token_usage"),
            List.of(),
            List.of(), "",
            List.of("sglang:prompt_tokens_total"),
            List.of("sglang:generation_tokens_total"),
            List.of("sglang:time_to_first_token_seconds"),
            List.of("sglang:inter_token_latency_seconds", "sglang:time_per_output_token_seconds"),
            List.of("sglang:e2e_request_latency_seconds"),
            Map.of("kv.blocksOrphaned", "SGLang does not report KV tokens held by no live request",
                    "preemptions", "SGLang's /metrics counts no preemptions",
                    "requestsByOutcome", "SGLang's /metrics counts no requests by finish reason"));

    SglangEngine(EngineHttp http, InstantSource clock) {
        super(NodeKind.SGLANG, NAMES, http, clock);
    }
}
