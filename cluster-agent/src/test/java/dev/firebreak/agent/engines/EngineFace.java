package dev.firebreak.agent.engines;

import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.agent.watch.ManualClock;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An engine's documented HTTP face on a MockWebServer: each path answers what the test last set for it, else 404. */
final class EngineFace implements AutoCloseable {

    final MockWebServer server = new MockWebServer();
    private final Map<String, MockResponse> answers = new ConcurrentHashMap<>();

    EngineFace() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answers.getOrDefault(request.getTarget(), new MockResponse.Builder().code(404).build());
            }
        });
        server.start();
    }

    String url() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    void answer(String path, int code, String contentType, String body) {
        answers.put(path, new MockResponse.Builder().code(code).addHeader("Content-Type", contentType).body(body).build());
    }

    void answer(String path, MockResponse response) {
        answers.put(path, response);
    }

    void metrics(String body) {
        answer("/metrics", 200, "text/plain; version=0.0.4; charset=utf-8", body);
    }

    /**
     * The first model's report from a second scrape of {@code engine}, {@code millis} after a first:
     * what takes two scrapes (rates, percentiles) comes from the difference of {@code first} and {@code second}.
     */
    ModelReport secondScrape(Engine engine, ManualClock clock, String first, long millis, String second) throws ScrapeFailure {
        metrics(first);
        engine.read();
        clock.advance(millis);
        metrics(second);
        return engine.read().models().getFirst();
    }

    void models(String... ids) {
        StringBuilder data = new StringBuilder();
        for (String id : ids) {
            data.append(data.isEmpty() ? "" : ",").append("{\"id\":\"").append(id)
                    .append("\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"vllm\"}");
        }
        answer("/v1/models", 200, "application/json", "{\"object\":\"list\",\"data\":[" + data + "]}");
    }

    @Override
    public void close() {
        server.close();
    }
}
