package dev.firebreak.agent.alerting;

import dev.firebreak.agent.metrics.AgentMetrics;
import dev.firebreak.agent.watch.ManualClock;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An Alertmanager that refuses (400) or hangs, played by MockWebServer speaking its v2 API: each
 * post is counted, none is retried (only the regular resends go out), and a hanging one never
 * holds up the caller, whose batches beyond the bounded queue are dropped and counted.
 */
class AlertmanagerFailuresTest {

    private static final OpenProblem LEAK = new OpenProblem("kv-leak node-2 tiny-chat",
            Map.of("alertname", "FirebreakKvLeak", "severity", "critical", "node", "node-2", "model", "tiny-chat"),
            "kv-leak on node-2 (tiny-chat)", "orphaned KV blocks 0 -> 22 in 10 s", 1_700_000_000_000L);

    private final MockWebServer alertmanager = new MockWebServer();
    private final ManualClock clock = new ManualClock();
    private final AgentMetrics metrics = new AgentMetrics(List::of, List::of, List::of);

    @BeforeEach
    void start() throws IOException {
        alertmanager.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        alertmanager.close();
    }

    private AlertmanagerNotifier notifier(Duration timeout) {
        return new AlertmanagerNotifier(List.of(alertmanager.url("/").toString()), Duration.ofSeconds(10), timeout,
                "http://agent:8200/api/v1/cluster", clock, metrics, new OkHttpClient());
    }

    @Test
    void shouldCountARefusedPostAndSendAgainOnlyAtTheNextResend() throws Exception {
        for (int i = 0; i < 5; i++) {
            alertmanager.enqueue(new MockResponse.Builder().code(400).body("{\"message\":\"bad alert\"}").build());
        }
        try (AlertmanagerNotifier notifier = notifier(Duration.ofSeconds(2))) {
            notifier.update(List.of(LEAK));
            await().atMost(Duration.ofSeconds(10)).until(() -> text().contains("result=\"refused\"} 1.0"));
            for (int second = 1; second < 10; second++) {
                clock.advance(1000);
                notifier.update(List.of(LEAK));
            }
            clock.advance(1000);
            notifier.update(List.of(LEAK));
            await().atMost(Duration.ofSeconds(10)).until(() -> text().contains("result=\"refused\"} 2.0"));
        }
        assertThat(alertmanager.getRequestCount()).as("the first post and one resend ten seconds later, no retry").isEqualTo(2);
        String body = alertmanager.takeRequest().getBody().utf8();
        assertThat(body).contains("\"alertname\":\"FirebreakKvLeak\"", "\"startsAt\":\"2023-11-14T22:13:20Z\"",
                "\"endsAt\":\"2023-11-14T22:14:00Z\"", "\"generatorURL\":\"http://agent:8200/api/v1/cluster\"",
                "\"evidence\":\"orphaned KV blocks 0 -> 22 in 10 s\"");
    }

    @Test
    void shouldNeverHoldUpTheCallerWhenAlertmanagerHangs() throws Exception {
        for (int i = 0; i < 40; i++) {
            alertmanager.enqueue(new MockResponse.Builder().headersDelay(30, TimeUnit.SECONDS).code(200).build());
        }
        try (AlertmanagerNotifier notifier = notifier(Duration.ofSeconds(1))) {
            for (int i = 0; i < 40; i++) {
                clock.advance(10_000);
                notifier.update(List.of(LEAK));
            }
            assertThat(text()).as("batches beyond the queue are dropped at once, not waited for")
                    .containsPattern("firebreak_agent_alertmanager_dropped_batches_total [1-9]");
            await().atMost(Duration.ofSeconds(10)).until(() -> text().contains("result=\"failed\"}"));
        }
    }

    private String text() throws IOException {
        return new String(metrics.exposition(), StandardCharsets.UTF_8);
    }
}
