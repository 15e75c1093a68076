package dev.firebreak.app.slo;

import dev.firebreak.agent.api.SloBucket;
import dev.firebreak.agent.api.SloHistory;
import dev.firebreak.agent.api.SloReport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the SLO service reads the agent: its calls and what it makes of them (the real agent: ConsoleActionsTest). */
class SloServiceTest {

    private static final long MINUTE = 60_000;
    /** 15:00:30 on some day: ten minutes of traffic from 14:50. */
    private static final long NOW = Instant.parse("2026-12-03T15:00:30Z").toEpochMilli();
    private static final SloReport REPORT = new SloReport(NOW, 28L * 1_440 * MINUTE, List.of());

    /** The agent's answers: each history call answers with the 14:50-15:00 minutes, bucketed as asked. */
    private static final class Agent implements SloService.Source {
        final List<long[]> historyCalls = new ArrayList<>();
        IOException failure;

        @Override
        public SloReport report() throws IOException {
            if (failure != null) {
                throw failure;
            }
            return REPORT;
        }

        @Override
        public SloHistory history(long fromMillis, long toMillis, long bucketMillis) {
            historyCalls.add(new long[] {fromMillis, toMillis, bucketMillis});
            List<SloBucket> buckets = new ArrayList<>();
            for (long m = Instant.parse("2026-12-03T14:50:00Z").toEpochMilli(); m < NOW; m += MINUTE) {
                long start = m - Math.floorMod(m, bucketMillis);
                if (buckets.isEmpty() || buckets.getLast().startMillis() != start) {
                    buckets.add(new SloBucket(start, "m", 0, 0, 0, 0));
                }
                SloBucket last = buckets.removeLast();
                buckets.add(new SloBucket(start, "m", last.total() + 10, last.good() + 10, last.timed() + 10, last.fast() + 10));
            }
            buckets.removeIf(b -> b.startMillis() < fromMillis);
            return new SloHistory(fromMillis, toMillis, bucketMillis, List.of(), buckets);
        }
    }

    @Test
    void shouldReadTheHistoryFromTheHourTrafficStartedInMinutesForAFreshCluster() throws Exception {
        Agent agent = new Agent();

        SloHistory history = SloService.history(agent, REPORT, NOW);

        long to = Instant.parse("2026-12-03T15:01:00Z").toEpochMilli();
        assertThat(agent.historyCalls.getFirst()).containsExactly(to - REPORT.windowMillis(), to, 60 * MINUTE);
        assertThat(agent.historyCalls.get(1)).as("from 14:00, the hour of the first traffic, in minutes")
                .containsExactly(Instant.parse("2026-12-03T14:00:00Z").toEpochMilli(), to, MINUTE);
        assertThat(history.buckets()).hasSize(11);
    }

    @Test
    void shouldSayWhyAReadFailedAndKeepWhatItHad() {
        Agent agent = new Agent();
        SloService service = new SloService(() -> agent, () -> Instant.ofEpochMilli(NOW));
        SloFigures first = service.read();
        assertThat(first.report()).isSameAs(REPORT);
        assertThat(first.history().buckets()).isNotEmpty();

        agent.failure = new IOException("connection refused");
        SloFigures failed = service.read();

        assertThat(failed.unavailable()).isEqualTo("connection refused");
        assertThat(failed.report()).isSameAs(REPORT);
        assertThat(new SloService(() -> null, () -> Instant.ofEpochMilli(NOW)).read()).as("not connected yet").isNull();
    }
}
