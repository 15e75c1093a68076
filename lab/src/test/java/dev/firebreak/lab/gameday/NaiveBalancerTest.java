package dev.firebreak.lab.gameday;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The baseline balancer: round robin per model, the next node on a 5xx or a refused connection. */
class NaiveBalancerTest {

    private final OkHttpClient http = new OkHttpClient();

    private Response post(NaiveBalancer balancer, String model) throws IOException {
        return http.newCall(new Request.Builder().url(balancer.url() + "/v1/completions")
                .post(RequestBody.create("{\"model\":\"" + model + "\",\"prompt\":\"x\"}", MediaType.get("application/json")))
                .build()).execute();
    }

    @Test
    void shouldSpreadRequestsRoundRobinAndRetryTheNextNodeOnA5xx() throws IOException {
        try (MockWebServer failing = new MockWebServer(); MockWebServer healthy = new MockWebServer()) {
            for (int i = 0; i < 4; i++) {
                failing.enqueue(new MockResponse.Builder().code(503).body("{}").build());
                healthy.enqueue(new MockResponse.Builder().code(200).body("{\"ok\":true}").build());
            }
            failing.start(0);
            healthy.start(0);
            Map<String, List<String>> nodes = Map.of("m", List.of(failing.url("/").toString().replaceAll("/$", ""),
                    healthy.url("/").toString().replaceAll("/$", "")));
            try (NaiveBalancer balancer = NaiveBalancer.start(nodes, Duration.ofSeconds(5))) {
                for (int i = 0; i < 4; i++) {
                    try (Response r = post(balancer, "m")) {
                        assertThat(r.code()).isEqualTo(200);
                        assertThat(r.body().string()).isEqualTo("{\"ok\":true}");
                    }
                }
                assertThat(failing.getRequestCount()).isEqualTo(2);
                assertThat(healthy.getRequestCount()).isEqualTo(4);
                assertThat(balancer.retries()).isEqualTo(2);
            }
        }
    }

    @Test
    void shouldAnswer502WhenEveryNodeFailsAnd404ForAnUnknownModel() throws IOException {
        try (NaiveBalancer balancer = NaiveBalancer.start(Map.of("m", List.of("http://127.0.0.1:1")), Duration.ofSeconds(2))) {
            try (Response r = post(balancer, "m")) {
                assertThat(r.code()).isEqualTo(502);
                assertThat(r.body().string()).contains("bad_gateway");
            }
            try (Response r = post(balancer, "other")) {
                assertThat(r.code()).isEqualTo(404);
            }
        }
    }
}
