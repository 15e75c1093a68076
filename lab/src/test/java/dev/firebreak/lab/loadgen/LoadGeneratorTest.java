package dev.firebreak.lab.loadgen;

import dev.firebreak.node.http.Json;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The load generator against a mock OpenAI server answering each way a real one can end. */
class LoadGeneratorTest {

    private static final String CHUNK = "data: {\"choices\":[{\"index\":0,\"text\":\"%s\",\"finish_reason\":%s}]}\n\n";

    private final MockWebServer server = new MockWebServer();
    private final List<RequestResult> results = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server.start(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void answer(Function<Boolean, MockResponse> byStream) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    boolean stream = Json.mapper().readTree(request.getBody().utf8()).path("stream").asBoolean();
                    return byStream.apply(stream);
                } catch (IOException e) {
                    return new MockResponse.Builder().code(400).build();
                }
            }
        });
    }

    private static MockResponse sse(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(body).build();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    private LoadOptions options(double rps, long requests) {
        return LoadOptions.of(server.url("/v1").toString(), Map.of("tiny-chat", rps))
                .withMaxRequests(requests).withRequestTimeout(Duration.ofSeconds(5)).withListener(results::add);
    }

    private List<RequestResult> run(LoadOptions options) throws InterruptedException {
        try (LoadGenerator load = LoadGenerator.start(options)) {
            assertThat(load.awaitDone(Duration.ofSeconds(20))).isTrue();
        }
        return results;
    }

    @Test
    void shouldCountCompleteAnswersAsOkWithTimeToFirstTokenForStreams() throws InterruptedException {
        answer(stream -> stream
                ? sse(CHUNK.formatted("a", "null") + CHUNK.formatted("b", "\"length\"") + "data: [DONE]\n\n")
                : json(200, "{\"choices\":[{\"index\":0,\"text\":\"ab\",\"finish_reason\":\"stop\"}]}"));
        run(options(200, 40));
        assertThat(results).hasSize(40).allMatch(r -> r.outcome() == Outcome.OK);
        assertThat(results).filteredOn(RequestResult::stream).isNotEmpty()
                .allMatch(r -> r.ttftMicros() >= 0 && r.ttftMicros() <= r.latencyMicros());
        assertThat(results).filteredOn(r -> !r.stream()).isNotEmpty().allMatch(r -> r.ttftMicros() == -1);
    }

    @Test
    void shouldCountAStreamCutWithoutDoneAndAnAnswerWithoutFinishReasonAsTruncated() throws InterruptedException {
        answer(stream -> stream
                ? sse(CHUNK.formatted("a", "null") + CHUNK.formatted("b", "null"))
                : json(200, "{\"choices\":[{\"index\":0,\"text\":\"ab\",\"finish_reason\":null}]}"));
        run(options(200, 30));
        assertThat(results).hasSize(30).allMatch(r -> r.outcome() == Outcome.TRUNCATED && r.httpStatus() == 200);
    }

    @Test
    void shouldCountADoneWithoutFinishReasonAsTruncated() throws InterruptedException {
        answer(stream -> sse(CHUNK.formatted("a", "null") + "data: [DONE]\n\n"));
        run(options(200, 10).withMix(new WorkloadMix(8, 16, 4, 8, 1.0, 0.0)));
        assertThat(results).hasSize(10).allMatch(r -> r.outcome() == Outcome.TRUNCATED);
    }

    @Test
    void shouldCountHttpErrorsAndStreamErrorEventsByTheirCode() throws InterruptedException {
        answer(stream -> stream
                ? sse(CHUNK.formatted("a", "null") + "data: {\"error\":{\"message\":\"cut\",\"code\":\"node_failed\"}}\n\n")
                : json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":\"injected_fault\"}}"));
        run(options(200, 30));
        assertThat(results).hasSize(30).allMatch(r -> r.outcome() == Outcome.ERROR);
        assertThat(results).filteredOn(RequestResult::stream).isNotEmpty().allMatch(r -> r.errorCode().equals("node_failed"));
        assertThat(results).filteredOn(r -> !r.stream()).isNotEmpty()
                .allMatch(r -> r.errorCode().equals("injected_fault") && r.httpStatus() == 500);
    }

    @Test
    void shouldCountA429AsShed() throws InterruptedException {
        answer(stream -> json(429, "{\"error\":{\"message\":\"no capacity\",\"code\":\"no_capacity\"}}"));
        LoadOptions options = options(200, 20);
        try (LoadGenerator load = LoadGenerator.start(options)) {
            assertThat(load.awaitDone(Duration.ofSeconds(20))).isTrue();
            ModelTotals totals = load.stats().model("tiny-chat").orElseThrow().totals();
            assertThat(totals.shed()).isEqualTo(20);
            assertThat(totals.sent()).isEqualTo(20);
            assertThat(totals.errorCodes()).containsEntry("no_capacity", 20L);
        }
        assertThat(results).allMatch(r -> r.outcome() == Outcome.SHED);
    }

    @Test
    void shouldCountARefusedConnectionAsAnError() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        run(LoadOptions.of("http://127.0.0.1:" + deadPort, Map.of("tiny-code", 100.0)).withMaxRequests(10)
                .withListener(results::add));
        assertThat(results).hasSize(10).allMatch(r -> r.outcome() == Outcome.ERROR
                && r.errorCode().equals("connection_refused") && r.httpStatus() == 0);
    }

    @Test
    void shouldBoundRequestsInFlightAgainstATargetThatNeverAnswers() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                release.await(10, TimeUnit.SECONDS);
                return json(503, "{\"error\":{\"message\":\"late\",\"code\":\"overloaded\"}}");
            }
        });
        LoadOptions options = options(400, 200).withMaxInFlight(4);
        try (LoadGenerator load = LoadGenerator.start(options)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !load.sending());
            assertThat(load.inFlight()).isLessThanOrEqualTo(4);
            assertThat(results).hasSizeGreaterThanOrEqualTo(196)
                    .allMatch(r -> r.outcome() == Outcome.ERROR && r.errorCode().equals("client_overflow"));
            release.countDown();
            assertThat(load.awaitDone(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(results).hasSize(200);
        assertThat(results).filteredOn(r -> "overloaded".equals(r.errorCode())).hasSize(4);
    }

    @Test
    void shouldSendNothingAtRateZeroAndFollowARateChange() throws InterruptedException {
        answer(stream -> json(200, "{\"choices\":[{\"index\":0,\"text\":\"ab\",\"finish_reason\":\"stop\"}]}"));
        LoadOptions options = LoadOptions.of(server.url("/").toString(), Map.of("tiny-chat", 0.0))
                .withMix(new WorkloadMix(8, 16, 4, 8, 0.0, 0.0)).withListener(results::add);
        try (LoadGenerator load = LoadGenerator.start(options)) {
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> results.isEmpty());
            load.setRate("tiny-chat", 100);
            load.setRate("tiny-code", 100);
            await().atMost(Duration.ofSeconds(10)).until(() -> results.stream().map(RequestResult::model).distinct().count() == 2);
            assertThat(load.rates()).containsEntry("tiny-chat", 100.0).containsEntry("tiny-code", 100.0);
        }
    }

    @Test
    void shouldArriveAtAboutTheSetRateAndReportEachSecond() throws InterruptedException {
        answer(stream -> json(200, "{\"choices\":[{\"index\":0,\"text\":\"ab\",\"finish_reason\":\"stop\"}]}"));
        LoadOptions options = LoadOptions.of(server.url("/").toString(), Map.of("tiny-chat", 100.0))
                .withDuration(Duration.ofSeconds(3)).withMix(new WorkloadMix(8, 16, 4, 8, 0.0, 0.0));
        LoadGenerator load = LoadGenerator.start(options);
        assertThat(load.awaitDone(Duration.ofSeconds(10))).isTrue();
        assertThat(load.stats(3).model("tiny-chat").orElseThrow().okPerSecond()).isBetween(50.0, 150.0);
        load.close();
        List<SecondStats> seconds = load.series();
        assertThat(seconds).extracting(SecondStats::second).startsWith(0L, 1L, 2L);
        long sent = seconds.stream().mapToLong(SecondStats::sent).sum();
        // Poisson with mean 300: 200-400 is more than 5 standard deviations either side.
        assertThat(sent).isBetween(200L, 400L);
        // Every request sent is accounted for once; on a loaded machine a few may end in errors.
        long ended = seconds.stream().mapToLong(x -> x.ok() + x.errors() + x.shed() + x.truncated()).sum();
        assertThat(ended).isEqualTo(sent);
        assertThat(seconds.stream().mapToLong(SecondStats::ok).sum()).isGreaterThan(sent * 8 / 10);
    }

    @Test
    void shouldDrawTheSameMixFromTheSameSeed() {
        WorkloadMix mix = WorkloadMix.defaults();
        var a = new java.util.SplittableRandom(7);
        var b = new java.util.SplittableRandom(7);
        for (int i = 0; i < 100; i++) {
            RequestShape x = mix.next("m", a);
            assertThat(mix.next("m", b)).isEqualTo(x);
            assertThat(x.prompt()).hasSizeBetween(16, 512);
            assertThat(x.maxTokens()).isBetween(8, 128);
        }
    }
}
