package dev.firebreak.agent.engines;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The scrapes a node's adapter keeps: a second back for rates, 25-30 s back for percentiles, and few of them. */
class ScrapeWindowTest {

    @Test
    void shouldKeepTheRateBaseAndTheWindowStartWithAFewScrapes() {
        ScrapeWindow window = new ScrapeWindow();
        PrometheusText.Exposition empty = PrometheusText.parse("");
        for (long t = 0; t <= 120_000; t += 1_000) {
            window.add(t, empty);
            assertThat(window.size()).isLessThanOrEqualTo(10);
        }
        assertThat(window.rateBase(121_000).atMillis()).isEqualTo(120_000);
        assertThat(window.rateBase(120_500).atMillis()).isEqualTo(119_000);
        assertThat(120_000 - window.windowStart().atMillis()).isBetween(25_000L, 30_000L);
    }

    @Test
    void shouldKeepEveryScrapeOfTheLastTwoSecondsAtAFastInterval() {
        ScrapeWindow window = new ScrapeWindow();
        PrometheusText.Exposition empty = PrometheusText.parse("");
        for (long t = 0; t <= 60_000; t += 250) {
            window.add(t, empty);
        }
        assertThat(window.rateBase(60_000).atMillis()).isEqualTo(59_000);
        assertThat(window.size()).isLessThanOrEqualTo(9 + 7);
    }
}
