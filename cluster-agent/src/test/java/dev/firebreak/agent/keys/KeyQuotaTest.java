package dev.firebreak.agent.keys;

import dev.firebreak.agent.api.ApiKeyView;
import dev.firebreak.agent.watch.ManualClock;
import dev.firebreak.node.http.HttpError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyQuotaTest {

    private final ManualClock clock = new ManualClock();

    private KeyQuota quota(Integer rpm, Integer tpm, Integer concurrent) {
        return new KeyQuota(new ApiKeyView("key-1", "team-a", "fb-abcdefg", List.of(), rpm, tpm, concurrent, "ops",
                0, 0, null), clock);
    }

    @Test
    void shouldRefuseTheRequestOverItsConcurrencyAndAdmitItAgainWhenOneEnds() {
        KeyQuota quota = quota(null, null, 2);
        Lease first = quota.admit("m");
        quota.admit("m");

        assertThatThrownBy(() -> quota.admit("m")).isInstanceOfSatisfying(HttpError.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.code()).isEqualTo("rate_limit_exceeded");
            assertThat(e.getMessage()).contains("2 concurrent requests");
        });
        first.close(0);
        first.close(0);
        quota.admit("m");
        assertThat(quota.status().inFlight()).isEqualTo(2);
        assertThat(quota.status().rateLimited()).isEqualTo(1);
    }

    @Test
    void shouldRefillRequestsPerMinuteSteadilyAndSayWhenToRetry() {
        KeyQuota quota = quota(60, null, null);
        for (int i = 0; i < 60; i++) {
            quota.admit("m").close(0);
        }
        assertThatThrownBy(() -> quota.admit("m")).isInstanceOfSatisfying(HttpError.class,
                e -> assertThat(e.headers()).containsEntry("Retry-After", "1"));
        clock.advance(1000);
        quota.admit("m").close(0);
        assertThatThrownBy(() -> quota.admit("m")).isInstanceOf(HttpError.class);
    }

    @Test
    void shouldHoldAKeyInTokenDebtUntilTheMinuteHasPaidItBack() {
        KeyQuota quota = quota(null, 600, null);
        quota.admit("m").close(1200);

        assertThatThrownBy(() -> quota.admit("m")).isInstanceOfSatisfying(HttpError.class,
                e -> assertThat(e.headers()).containsEntry("Retry-After", "60"));
        clock.advance(59_000);
        assertThatThrownBy(() -> quota.admit("m")).isInstanceOf(HttpError.class);
        clock.advance(1_100);
        quota.admit("m").close(0);
        assertThat(quota.status().tokens()).isEqualTo(1200);
    }

    @Test
    void shouldRefuseAModelTheKeyDoesNotAllowWith403() {
        KeyQuota quota = new KeyQuota(new ApiKeyView("key-2", "chat-only", "fb-abcdefg", List.of("chat"), null, null, null,
                "ops", 0, 0, null), clock);
        assertThatThrownBy(() -> quota.admit("code")).isInstanceOfSatisfying(HttpError.class,
                e -> assertThat(e.status()).isEqualTo(403));
        quota.admit("chat");
    }
}
