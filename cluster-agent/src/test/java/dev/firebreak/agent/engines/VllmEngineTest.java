package dev.firebreak.agent.engines;

import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeReport;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.watch.ManualClock;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The vLLM adapter against vLLM's documented face: {@code /metrics} as the v1 engine's
 * {@code vllm/v1/metrics/loggers.py} names and types it (v0.10/v0.11, prometheus_client text format),
 * {@code /health} and {@code /v1/models}.
 */
class VllmEngineTest {

    static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofMillis(500)).build();

    /** A figure the engine does not give: {@code null}, with a reason under its field's name. */
    static void assertNullWithReason(ModelReport m, Object figure, String field, String reason) {
        assertThat(figure).as(field).isNull();
        assertThat(m.unavailable().get(field)).as("why " + field + " is null").contains(reason);
    }

    /** A vLLM /metrics body, with {@code running}, KV {@code usage}, generated tokens and TTFT buckets as given. */
    static String vllmMetrics(int running, double usage, long generated, long ttftFast, long ttftSlow, long stops) {
        long all = ttftFast + ttftSlow;
        return """
                # HELP vllm:num_requests_running Number of requests in model execution batches.
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{engine="0",model_name="llama-3-8b"} %d.0
                # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
                # TYPE vllm:num_requests_waiting gauge
                vllm:num_requests_waiting{engine="0",model_name="llama-3-8b"} 2.0
                # HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
                # TYPE vllm:kv_cache_usage_perc gauge
                vllm:kv_cache_usage_perc{engine="0",model_name="llama-3-8b"} %s
                # HELP vllm:cache_config_info Information of the LLMEngine CacheConfig
                # TYPE vllm:cache_config_info gauge
                vllm:cache_config_info{block_size="16",cache_dtype="auto",enable_prefix_caching="True",engine="0",gpu_memory_utilization="0.9",num_gpu_blocks="2000"} 1.0
                # HELP vllm:num_preemptions_total Cumulative number of preemption from the engine.
                # TYPE vllm:num_preemptions_total counter
                vllm:num_preemptions_total{engine="0",model_name="llama-3-8b"} 3.0
                # HELP vllm:prompt_tokens_total Number of prefill tokens processed.
                # TYPE vllm:prompt_tokens_total counter
                vllm:prompt_tokens_total{engine="0",model_name="llama-3-8b"} 12000.0
                # HELP vllm:generation_tokens_total Number of generation tokens processed.
                # TYPE vllm:generation_tokens_total counter
                vllm:generation_tokens_total{engine="0",model_name="llama-3-8b"} %d.0
                # HELP vllm:request_success_total Count of successfully processed requests.
                # TYPE vllm:request_success_total counter
                vllm:request_success_total{engine="0",finished_reason="stop",model_name="llama-3-8b"} %d.0
                vllm:request_success_total{engine="0",finished_reason="length",model_name="llama-3-8b"} 5.0
                vllm:request_success_total{engine="0",finished_reason="abort",model_name="llama-3-8b"} 1.0
                # HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.
                # TYPE vllm:time_to_first_token_seconds histogram
                vllm:time_to_first_token_seconds_sum{engine="0",model_name="llama-3-8b"} 12.5
                vllm:time_to_first_token_seconds_bucket{engine="0",le="0.1",model_name="llama-3-8b"} %d.0
                vllm:time_to_first_token_seconds_bucket{engine="0",le="0.5",model_name="llama-3-8b"} %d.0
                vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",model_name="llama-3-8b"} %d.0
                vllm:time_to_first_token_seconds_count{engine="0",model_name="llama-3-8b"} %d.0
                """.formatted(running, Double.toString(usage), generated, stops, ttftFast, all, all, all);
    }

    private final ManualClock clock = new ManualClock();
    private EngineFace face;
    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        face = new EngineFace();
        face.answer("/health", 200, "text/plain", "");
        face.models("llama-3-8b");
        engine = Engine.of(new NodeConfig("vllm-1", face.url(), null, NodeKind.VLLM), HTTP, clock);
    }

    @AfterEach
    void stop() {
        face.close();
    }

    @Test
    void shouldReadEachDocumentedFigureExactly() throws Exception {
        face.metrics(vllmMetrics(4, 0.25, 1000, 0, 0, 40));
        ModelReport m = engine.read().models().getFirst();

        assertThat(m.model()).isEqualTo("llama-3-8b");
        assertThat(m.sequencesRunning()).isEqualTo(4);
        assertThat(m.sequencesWaiting()).isEqualTo(2);
        assertThat(m.kv().usage()).isEqualTo(0.25);
        assertThat(m.kv().blocksTotal()).isEqualTo(2000);
        assertThat(m.kv().blocksUsed()).isEqualTo(500);
        assertThat(m.kv().blockSize()).isEqualTo(16);
        assertThat(m.preemptions()).isEqualTo(3);
        assertThat(m.promptTokens()).isEqualTo(12000);
        assertThat(m.requestsByOutcome()).containsEntry("stop", 40L).containsEntry("length", 5L).containsEntry("abort", 1L);
    }

    @Test
    void shouldGiveNullWithAReasonForWhatVllmDoesNotHave() throws Exception {
        face.metrics(vllmMetrics(4, 0.25, 1000, 0, 0, 40));
        ModelReport m = engine.read().models().getFirst();

        assertNullWithReason(m, m.kv().blocksOrphaned(), "kv.blocksOrphaned", "vLLM does not report");
        assertNullWithReason(m, m.tokensPerSecond(), "tokensPerSecond", "second scrape");
        assertNullWithReason(m, m.timePerOutputToken(), "timePerOutputToken", "vllm:inter_token_latency_seconds");
    }

    @Test
    void shouldTakeRatesAndPercentilesFromTheDifferenceOfTwoScrapes() throws Exception {
        // 20 more first tokens, all between 0.1 and 0.5 s; 400 more tokens in 2 s.
        ModelReport m = face.secondScrape(engine, clock, vllmMetrics(4, 0.25, 1000, 10, 0, 40), 2000,
                vllmMetrics(4, 0.25, 1400, 10, 20, 60));

        assertThat(m.tokensPerSecond()).isCloseTo(200.0, within(1e-9));
        assertThat(m.timeToFirstToken().count()).isEqualTo(20);
        // histogram_quantile(0.5): rank 10 of 20 inside (0.1, 0.5]: 0.1 + 0.4 * 10/20.
        assertThat(m.timeToFirstToken().p50Seconds()).isCloseTo(0.3, within(1e-9));
        assertThat(m.timeToFirstToken().p99Seconds()).isCloseTo(0.1 + 0.4 * 19.8 / 20, within(1e-9));
    }

    @Test
    void shouldCountFromZeroWhenARestartResetTheCounters() throws Exception {
        ModelReport m = face.secondScrape(engine, clock, vllmMetrics(4, 0.25, 50_000, 500, 500, 900), 1000,
                vllmMetrics(1, 0.05, 300, 4, 0, 3));

        assertThat(m.tokensPerSecond()).isCloseTo(300.0, within(1e-9));
        assertThat(m.timeToFirstToken().count()).isEqualTo(4);
        assertThat(m.timeToFirstToken().p99Seconds()).isBetween(0.0, 0.1);
    }

    @Test
    void shouldReadTheOlderGpuCacheUsageName() throws Exception {
        face.metrics(vllmMetrics(1, 0.5, 1, 0, 0, 1).replace("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"));
        assertThat(engine.read().models().getFirst().kv().usage()).isEqualTo(0.5);
    }

    @Test
    void shouldDropANaNOrNegativeGaugeWithAFinding() throws Exception {
        face.metrics(vllmMetrics(-3, Double.NaN, 1, 0, 0, 1));
        NodeReport report = engine.read();
        ModelReport m = report.models().getFirst();

        assertThat(m.sequencesRunning()).isNull();
        assertThat(m.kv().usage()).isNull();
        assertThat(m.sequencesWaiting()).isEqualTo(2);
        assertThat(report.findings()).anyMatch(f -> f.contains("vllm:num_requests_running") && f.contains("-3.0"))
                .anyMatch(f -> f.contains("vllm:kv_cache_usage_perc") && f.contains("NaN"));
        assertThat(m.unavailable()).containsKey("kvLeakDetection");
    }

    @Test
    void shouldDropAFigureOfTheWrongTypeWithAFinding() throws Exception {
        face.metrics(vllmMetrics(4, 0.25, 1, 0, 0, 1).replace("# TYPE vllm:num_requests_waiting gauge",
                "# TYPE vllm:num_requests_waiting counter"));
        NodeReport report = engine.read();

        assertThat(report.models().getFirst().sequencesWaiting()).isNull();
        assertThat(report.findings()).anyMatch(f -> f.contains("vllm:num_requests_waiting is declared counter, not gauge"));
        assertThat(report.models().getFirst().sequencesRunning()).isEqualTo(4);
    }

    @Test
    void shouldSkipGarbageLinesAndKeepTheRest() throws Exception {
        face.metrics("this is not a metric line {{\nvllm:num_requests_running{model_name=\"llama-3-8b\" 4\n"
                + vllmMetrics(4, 0.25, 1, 0, 0, 1) + "vllm:num_requests_waiting{model_name=\"llama-3-8b\"} many\n");
        NodeReport report = engine.read();

        assertThat(report.models().getFirst().sequencesRunning()).isEqualTo(4);
        assertThat(report.findings()).anyMatch(f -> f.startsWith("/metrics line 1:"))
                .anyMatch(f -> f.contains("line 2:")).anyMatch(f -> f.contains("'many' is not a number"));
    }

    @Test
    void shouldFailTheScrapeOfAnHtmlPage() {
        face.answer("/metrics", 200, "text/html", "<html><body>Sign in</body></html>");
        assertThatThrownBy(engine::read).isInstanceOf(ScrapeFailure.class).hasMessageContaining("HTML page");
    }

    @Test
    void shouldRefuseA50MegabyteBody() {
        face.metrics("#".repeat(50 << 20));
        assertThatThrownBy(engine::read).isInstanceOf(ScrapeFailure.class).hasMessageContaining("over the cap");
    }

    @Test
    void shouldGiveUpOnAScrapeThatHangs() {
        face.answer("/metrics", new MockResponse.Builder().code(200).body("vllm:num_requests_running 1\n")
                .headersDelay(5, TimeUnit.SECONDS).build());
        long start = System.nanoTime();
        assertThatThrownBy(engine::read).isInstanceOf(ScrapeFailure.class).hasMessageContaining("scrape timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void shouldFailWhileHealthSaysTheEngineIsDead() {
        face.answer("/health", 500, "text/plain", "");
        assertThatThrownBy(engine::read).isInstanceOf(ScrapeFailure.class).hasMessageContaining("/health answered HTTP 500");
    }

    @Test
    void shouldLeaveOutAModelNameWithQuotesOrANewline() throws Exception {
        face.answer("/v1/models", 200, "application/json",
                "{\"object\":\"list\",\"data\":[{\"id\":\"llama-3-8b\"},{\"id\":\"evil\\\"\\nname\"}]}");
        face.metrics(vllmMetrics(4, 0.25, 1, 0, 0, 1));
        NodeReport report = engine.read();

        assertThat(report.models()).extracting(ModelReport::model).containsExactly("llama-3-8b");
        assertThat(report.findings()).anyMatch(f -> f.contains("quote, backslash or control character"));
    }
}
