package dev.firebreak.agent.engines;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The scrapes a node's adapter keeps: a second back for rates, 25-30 s back for percentiles, and few of them. */
class ScrapeWindowTest {

    /** A window fed an empty scrape every {@code stepMillis} from 0 to {@code untilMillis}, and the most it held meanwhile. */
    private record Fed(ScrapeWindow window, int mostHeld) {
        static Fed every(long stepMillis, long untilMillis) {
            ScrapeWindow window = new ScrapeWindow();
            PrometheusText.Exposition empty = PrometheusText.parse("");
            int most = 0;
            for (long t = 0; t <= untilMillis; t += stepMillis) {
                window.add(t, empty);
                most = Math.max(most, window.size());
            }
            return new Fed(window, most);
        }
    }

    @Test
    void shouldKeepTheRateBaseAndTheWindowStartWithAFewScrapes() {
        Fed fed = Fed.every(1_000, 120_000);
        ScrapeWindow window = fed.window();
        assertThat(fed.mostHeld()).isLessThanOrEqualTo(10);
        assertThat(window.rateBase(121_000).atMillis()).isEqualTo(120_000);
        assertThat(window.rateBase(120_500).atMillis()).isEqualTo(119_000);
        assertThat(120_000 - window.windowStart().atMillis()).isBetween(25_000L, 30_000L);
    }

    @Test
    void shouldKeepEveryScrapeOfTheLastTwoSecondsAtAFastInterval() {
        ScrapeWindow window = Fed.every(250, 60_000).window();
        assertThat(window.rateBase(60_000).atMillis()).isEqualTo(59_000);
        assertThat(window.size()).isLessThanOrEqualTo(9 + 7);
    }
}
