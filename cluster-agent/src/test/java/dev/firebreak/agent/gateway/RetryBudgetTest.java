package dev.firebreak.agent.gateway;

import dev.firebreak.agent.watch.ManualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Retries capped at a share of the requests of a ten-second window, plus three, on a clock the test moves. */
class RetryBudgetTest {

    private final ManualClock clock = new ManualClock();
    private final RetryBudget budget = new RetryBudget(0.1, clock);

    @Test
    void shouldAllowItsShareOfRetriesPlusThreeAndRefuseTheNext() {
        requests(100);

        assertThat(retries(20)).as("10% of 100 requests, plus 3").isEqualTo(13);
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void shouldLetAQuietGatewayRetryThreeTimes() {
        assertThat(retries(10)).isEqualTo(3);
    }

    @Test
    void shouldGrowWithTheRequestsThatFollow() {
        requests(10);
        assertThat(retries(10)).isEqualTo(4);

        requests(10);

        assertThat(retries(10)).as("10% of 20 requests, plus 3, less the 4 spent").isEqualTo(1);
    }

    @Test
    void shouldRefillOnceTheWindowHasMovedOn() {
        requests(100);
        retries(13);

        clock.advance(9_999);
        assertThat(budget.tryRetry()).as("the same window").isFalse();

        clock.advance(1);
        assertThat(budget.tryRetry()).isTrue();
    }

    @Test
    void shouldForgetTheRequestsOfAnEarlierWindow() {
        requests(100);

        clock.advance(10_000);

        assertThat(retries(20)).as("no requests in this window yet").isEqualTo(3);
    }

    private void requests(int n) {
        for (int i = 0; i < n; i++) {
            budget.onRequest();
        }
    }

    /** Asks for {@code n} retries and says how many the budget gave. */
    private int retries(int n) {
        int granted = 0;
        for (int i = 0; i < n; i++) {
            if (budget.tryRetry()) {
                granted++;
            }
        }
        return granted;
    }
}
