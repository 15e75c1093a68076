package dev.firebreak.agent.engines;

import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeReport;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.watch.ManualClock;
import dev.firebreak.node.api.NodeState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.firebreak.agent.engines.VllmEngineTest.assertNullWithReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The llama.cpp, SGLang and plain OpenAI adapters against their documented faces: llama-server's
 * {@code tools/server/README.md} ({@code /health}, {@code /metrics}, {@code /slots}), SGLang's
 * "Production Metrics" page, and the OpenAI {@code /v1/models} list.
 */
class OtherEnginesTest {

    static final String LLAMACPP_METRICS = """
            # HELP llamacpp:prompt_tokens_total Number of prompt tokens processed.
            # TYPE llamacpp:prompt_tokens_total counter
            llamacpp:prompt_tokens_total 6886
            # HELP llamacpp:prompt_seconds_total Prompt process time
            # TYPE llamacpp:prompt_seconds_total counter
            llamacpp:prompt_seconds_total 29.03
            # HELP llamacpp:tokens_predicted_total Number of generation tokens processed.
            # TYPE llamacpp:tokens_predicted_total counter
            llamacpp:tokens_predicted_total %d
            # HELP llamacpp:kv_cache_usage_ratio KV-cache usage. 1 means 100 percent usage.
            # TYPE llamacpp:kv_cache_usage_ratio gauge
            llamacpp:kv_cache_usage_ratio 0.4
            # HELP llamacpp:requests_processing Number of requests processing.
            # TYPE llamacpp:requests_processing gauge
            llamacpp:requests_processing 2
            # HELP llamacpp:requests_deferred Number of requests deferred.
            # TYPE llamacpp:requests_deferred gauge
            llamacpp:requests_deferred 1
            """;

    static final String SGLANG_METRICS = """
            # HELP sglang:prompt_tokens_total Number of prefill tokens processed.
            # TYPE sglang:prompt_tokens_total counter
            sglang:prompt_tokens_total{model_name="meta-llama/Llama-3.1-8B-Instruct"} 8.128902e+06
            # HELP sglang:generation_tokens_total Number of generation tokens processed.
            # TYPE sglang:generation_tokens_total counter
            sglang:generation_tokens_total{model_name="meta-llama/Llama-3.1-8B-Instruct"} 7.557572e+06
            # HELP sglang:token_usage The token usage
            # TYPE sglang:token_usage gauge
            sglang:token_usage{model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.28
            # HELP sglang:num_running_reqs The number of running requests.
            # TYPE sglang:num_running_reqs gauge
            sglang:num_running_reqs{model_name="meta-llama/Llama-3.1-8B-Instruct"} 12.0
            # HELP sglang:num_queue_reqs The number of requests in the waiting queue.
            # TYPE sglang:num_queue_reqs gauge
            sglang:num_queue_reqs{model_name="meta-llama/Llama-3.1-8B-Instruct"} 3.0
            # HELP sglang:time_to_first_token_seconds Histogram of time to first token in seconds.
            # TYPE sglang:time_to_first_token_seconds histogram
            sglang:time_to_first_token_seconds_sum{model_name="meta-llama/Llama-3.1-8B-Instruct"} 2.35e+06
            sglang:time_to_first_token_seconds_bucket{le="+Inf",model_name="meta-llama/Llama-3.1-8B-Instruct"} %d.0
            sglang:time_to_first_token_seconds_count{model_name="meta-llama/Llama-3.1-8B-Instruct"} %d.0
            """;

    private final ManualClock clock = new ManualClock();
    private EngineFace face;

    @BeforeEach
    void start() throws Exception {
        face = new EngineFace();
        face.answer("/health", 200, "application/json", "{\"status\":\"ok\"}");
    }

    @AfterEach
    void stop() {
        face.close();
    }

    private Engine engine(NodeKind kind) {
        return Engine.of(new NodeConfig("n-1", face.url(), null, kind), VllmEngineTest.HTTP, clock);
    }

    @Test
    void shouldReadLlamaCppUnlabelledFiguresForItsOneModel() throws Exception {
        face.models("qwen2.5-7b-instruct-q4_k_m.gguf");
        ModelReport m = face.secondScrape(engine(NodeKind.LLAMACPP), clock, LLAMACPP_METRICS.formatted(3469), 1000,
                LLAMACPP_METRICS.formatted(3569));

        assertThat(m.model()).isEqualTo("qwen2.5-7b-instruct-q4_k_m.gguf");
        assertThat(m.sequencesRunning()).isEqualTo(2);
        assertThat(m.sequencesWaiting()).isEqualTo(1);
        assertThat(m.kv().usage()).isEqualTo(0.4);
        assertThat(m.tokensPerSecond()).isEqualTo(100.0);
        assertNullWithReason(m, m.timeToFirstToken(), "timeToFirstToken", "no latency histograms");
        assertThat(m.requestsByOutcome()).isNull();
    }

    @Test
    void shouldSeeALlamaCppServerLoadingItsModelAsWarming() throws Exception {
        face.answer("/health", 503, "application/json",
                "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}");
        NodeReport report = engine(NodeKind.LLAMACPP).read();

        assertThat(report.state()).isEqualTo(NodeState.WARMING);
        assertThat(report.models()).isEmpty();
    }

    @Test
    void shouldCountLlamaCppSlotsWhenMetricsAreOff() throws Exception {
        face.models("tiny.gguf");
        face.answer("/metrics", 501, "application/json",
                "{\"error\":{\"code\":501,\"message\":\"This server does not support metrics endpoint.\"}}");
        face.answer("/slots", 200, "application/json",
                "[{\"id\":0,\"n_ctx\":4096,\"is_processing\":true},{\"id\":1,\"n_ctx\":4096,\"is_processing\":false}]");
        ModelReport m = engine(NodeKind.LLAMACPP).read().models().getFirst();

        assertThat(m.sequencesRunning()).isEqualTo(1);
        assertNullWithReason(m, m.kv().usage(), "kv.usage", "without --metrics");
    }

    @Test
    void shouldReadSglangAndTellNoPercentileFromAOneBucketHistogram() throws Exception {
        face.models("meta-llama/Llama-3.1-8B-Instruct");
        ModelReport m = face.secondScrape(engine(NodeKind.SGLANG), clock, SGLANG_METRICS.formatted(100, 100), 1000,
                SGLANG_METRICS.formatted(110, 110));

        assertThat(m.sequencesRunning()).isEqualTo(12);
        assertThat(m.sequencesWaiting()).isEqualTo(3);
        assertThat(m.kv().usage()).isEqualTo(0.28);
        assertThat(m.promptTokens()).isEqualTo(8_128_902L);
        assertNullWithReason(m, m.timeToFirstToken(), "timeToFirstToken", "fewer than two buckets");
        assertNullWithReason(m, m.preemptions(), "preemptions", "SGLang");
    }

    @Test
    void shouldKnowOnlyTheModelsOfAnOpenAiServer() throws Exception {
        face.models("gpt-4o-mini", "text-embedding-3-small");
        NodeReport report = engine(NodeKind.OPENAI).read();

        assertThat(report.state()).isEqualTo(NodeState.SERVING);
        assertThat(report.models()).extracting(ModelReport::model).containsExactly("gpt-4o-mini", "text-embedding-3-small");
        ModelReport m = report.models().getFirst();
        assertThat(m.kv().usage()).isNull();
        assertThat(m.sequencesRunning()).isNull();
        assertThat(m.unavailable()).containsKeys("kv.usage", "sequencesRunning", "timeToFirstToken", "kvLeakDetection");
        assertThat(report.injectsFaults()).isFalse();
        assertThat(report.unavailable().get("drain")).contains("the gateway drains it");
    }

    @Test
    void shouldFailAnOpenAiServerThatAnswersHtml() {
        face.answer("/v1/models", 200, "text/html; charset=utf-8", "<!doctype html><title>502 Bad Gateway</title>");
        assertThatThrownBy(engine(NodeKind.OPENAI)::read).isInstanceOf(ScrapeFailure.class)
                .hasMessageContaining("HTML page");
    }
}
