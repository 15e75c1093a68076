package dev.firebreak.agent.detect;

import dev.firebreak.agent.api.BreakerTransition;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.ModelSample;
import dev.firebreak.agent.config.BreakerConfig;
import dev.firebreak.agent.gateway.Breakers;
import dev.firebreak.agent.history.History;
import dev.firebreak.agent.watch.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Findings through the hysteresis into the breakers, second by second on an injected clock: a
 * figure that crosses its detector's line on and off raises one finding and holds one breaker.
 */
class StableFindingsTest {

    private static final BreakerConfig SETTINGS = BreakerConfig.defaults(); // clear 20 s, min hold 60 s, quiet 30 s

    private final ManualClock clock = new ManualClock();
    private final List<ClusterEvent> events = new ArrayList<>();
    private final List<BreakerTransition> changes = new ArrayList<>();
    private final Breakers breakers = new Breakers(SETTINGS, clock, changes::add);
    private final DetectorRunner runner = new DetectorRunner(new History(), breakers, clock, events::add, 2.0, SETTINGS);

    private final List<ModelSample> series = new ArrayList<>();
    private long orphaned;
    private long finished;

    /** One scrape a second for {@code seconds}; traffic finishes 5 requests a second, each leaking {@code leak} blocks. */
    private void scrape(int seconds, boolean traffic, int leak) {
        for (int s = 0; s < seconds; s++) {
            clock.advance(1000);
            if (traffic) {
                finished += 5;
                orphaned += leak;
            }
            long used = orphaned + (traffic ? 6 : 0);
            series.add(new ModelSample(clock.millis(), true, used / 512.0, used, 512L, orphaned, traffic ? 3 : 0, 0,
                    traffic ? 40.0 : 0.0, 0.2, finished, 0L, 0, finished, 0, 0, 0, 0));
            List<ModelSample> recent = List.copyOf(series.subList(Math.max(0, series.size() - 60), series.size()));
            runner.apply(Detectors.check("node-2", "chat", recent, List.of(), 2.0), key -> recent);
        }
    }

    private static Finding leak(int orphaned) {
        return new Finding("kv-leak", "node-2", "chat", orphaned + " orphaned blocks, +8 in 10 s, while live sequences stayed at 3",
                true);
    }

    /** One check a second for {@code seconds}: the detector sees the leak when {@code seen} says so. */
    private void run(int seconds, java.util.function.IntPredicate seen, int from) {
        for (int s = from; s < from + seconds; s++) {
            clock.advance(1000);
            runner.apply(seen.test(s) ? List.of(leak(s)) : List.of());
        }
    }

    private List<String> eventTypes() {
        return events.stream().map(ClusterEvent::type).toList();
    }

    @Test
    void shouldGiveALeakOfFiveMinutesWhoseFigureFlapsExactlyOneOpenAndOneClose() {
        // Seen three seconds out of five, as orphaned blocks growing in bursts make the detector do.
        run(300, s -> s % 5 < 3, 0);
        assertThat(breakers.admits("chat", "node-2")).isFalse();
        assertThat(runner.alerts()).singleElement().satisfies(a -> assertThat(a.evidence()).startsWith("297 orphaned blocks"));

        run(60, s -> false, 300);
        CircuitBreaker breaker = breakers.of("chat", "node-2");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        breaker.onSuccess(5, TimeUnit.MILLISECONDS);
        breaker.onSuccess(5, TimeUnit.MILLISECONDS);

        assertThat(eventTypes()).containsExactly("kv-leak", "kv-leak-cleared");
        assertThat(changes).extracting(c -> c.from() + "->" + c.to())
                .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
        assertThat(changes.getFirst().reason()).isEqualTo("KV leak on node-2: 0 orphaned blocks, +8 in 10 s, while live sequences stayed at 3");
        assertThat(runner.alerts()).isEmpty();
    }

    @Test
    void shouldClearOnlyOnceUnseenForTheClearPeriodThenHalfOpenAfterTheQuietPeriod() {
        run(120, s -> true, 0);
        run(19, s -> false, 120);
        assertThat(eventTypes()).containsExactly("kv-leak");

        run(1, s -> false, 139);
        assertThat(eventTypes()).containsExactly("kv-leak", "kv-leak-cleared");
        assertThat(events.getLast().message()).isEqualTo("chat on node-2: kv-leak not seen for 20 s (raised 139 s ago)");
        assertThat(breakers.of("chat", "node-2").getState()).isEqualTo(CircuitBreaker.State.OPEN);

        run(29, s -> false, 140);
        assertThat(breakers.of("chat", "node-2").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        run(1, s -> false, 169);
        assertThat(breakers.of("chat", "node-2").getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void shouldHoldAFindingForItsMinimumHoldHoweverSoonItsFiguresRecover() {
        run(1, s -> true, 0);
        run(59, s -> false, 1);
        assertThat(eventTypes()).as("unseen for 59 s, raised 59 s ago").containsExactly("kv-leak");
        run(1, s -> false, 60);
        assertThat(eventTypes()).containsExactly("kv-leak", "kv-leak-cleared");
    }

    @Test
    void shouldRaiseOnlyAfterTheConfiguredChecksInARow() {
        BreakerConfig twoChecks = new BreakerConfig(null, null, null, null, null, null, null, null, 3, null, null, null);
        DetectorRunner strict = new DetectorRunner(new History(), breakers, clock, events::add, 2.0, twoChecks);
        for (boolean seen : new boolean[] {true, true, false, true, true}) {
            clock.advance(1000);
            strict.apply(seen ? List.of(leak(1)) : List.of());
        }
        assertThat(events).isEmpty();
        assertThat(breakers.admits("chat", "node-2")).isTrue();

        clock.advance(1000);
        strict.apply(List.of(leak(1)));
        assertThat(eventTypes()).containsExactly("kv-leak");
        assertThat(breakers.admits("chat", "node-2")).isFalse();
    }

    @Test
    void shouldNotTouchTheBreakerForAFindingThatDoesNotOpenOne() {
        clock.advance(1000);
        runner.apply(List.of(new Finding("overload", "node-2", "chat", "waiting requests 2 -> 10 in 5 s", false)));
        assertThat(eventTypes()).containsExactly("overload");
        assertThat(changes).isEmpty();
    }

    // A real leak through the real detectors: once its breaker cuts the traffic the orphaned blocks stop
    // growing, and the finding must not read that quiet as health.

    @Test
    void shouldHoldTheLeakWhileTheScrapeStillShowsItsOrphanedBlocksThoughTrafficStopped() {
        scrape(30, true, 1);
        assertThat(eventTypes()).containsExactly("kv-leak");
        assertThat(breakers.admits("chat", "node-2")).isFalse();

        // The breaker keeps the traffic off: nothing grows for five minutes, the lost blocks stay lost.
        scrape(300, false, 0);
        assertThat(eventTypes()).as("no traffic is no evidence of health").containsExactly("kv-leak");
        assertThat(breakers.admits("chat", "node-2")).isFalse();
        assertThat(breakers.of("chat", "node-2").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(changes).extracting(c -> c.from() + "->" + c.to()).containsExactly("CLOSED->OPEN");
        assertThat(runner.alerts()).singleElement().satisfies(a -> assertThat(a.evidence())
                .isEqualTo("30 orphaned blocks still held by no live sequence, not growing now (in use 30 of 512)"));
    }

    @Test
    void shouldClearTheLeakOnceTheNodeShowsItsBlocksBackThenHalfOpenAfterTheQuietPeriod() {
        scrape(30, true, 1);
        scrape(120, false, 0);
        orphaned = 0; // the node restarted: its cache is whole again
        scrape(19, false, 0);
        assertThat(eventTypes()).containsExactly("kv-leak");
        scrape(1, false, 0);
        assertThat(eventTypes()).containsExactly("kv-leak", "kv-leak-cleared");
        scrape(30, false, 0);
        assertThat(breakers.of("chat", "node-2").getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(runner.alerts()).isEmpty();
    }
}
