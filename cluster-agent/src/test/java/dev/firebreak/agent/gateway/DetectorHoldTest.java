package dev.firebreak.agent.gateway;

import dev.firebreak.agent.api.BreakerTransition;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.config.BreakerConfig;
import dev.firebreak.agent.watch.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED;
import static io.github.resilience4j.circuitbreaker.CircuitBreaker.State.FORCED_OPEN;
import static io.github.resilience4j.circuitbreaker.CircuitBreaker.State.HALF_OPEN;
import static io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

/** A breaker a detector holds open: each transition of the hold, on an injected clock. */
class DetectorHoldTest {

    private static final String LEAK = "KV leak on node-2: 22 orphaned blocks, +8 in 10 s, while live sequences stayed at 3";

    private final ManualClock clock = new ManualClock();
    private final List<BreakerTransition> changes = new CopyOnWriteArrayList<>();
    /** Quiet period 30 s, two trial calls; call thresholds as the defaults. */
    private final Breakers breakers = new Breakers(BreakerConfig.defaults(), clock, changes::add);

    private List<String> moves() {
        return changes.stream().map(c -> c.from() + "->" + c.to()).toList();
    }

    @Test
    void shouldOpenWithTheFindingAsItsReasonAndStayOpenWhileTheFindingHolds() {
        breakers.hold("chat", "node-2", "kv-leak", LEAK);
        for (int s = 0; s < 300; s++) {
            clock.advance(1000);
            breakers.hold("chat", "node-2", "kv-leak", LEAK);
            breakers.releaseQuiet();
        }

        assertThat(moves()).containsExactly("CLOSED->OPEN");
        assertThat(changes.getFirst().reason()).isEqualTo(LEAK);
        assertThat(changes.getFirst().describe()).isEqualTo("breaker chat on node-2: CLOSED -> OPEN: " + LEAK);
        assertThat(breakers.admits("chat", "node-2")).isFalse();
        assertThat(breakers.of("chat", "node-2").tryAcquirePermission()).as("no timed half-open under a hold").isFalse();
        assertThat(breakers.views()).singleElement().extracting(BreakerView::reason).isEqualTo(LEAK);
    }

    @Test
    void shouldGoHalfOpenOnlyOnceTheFindingHasClearedForTheQuietPeriodThenCloseOnTrialCalls() {
        breakers.hold("chat", "node-2", "kv-leak", LEAK);
        breakers.clear("chat", "node-2", "kv-leak");

        clock.advance(29_999);
        breakers.releaseQuiet();
        assertThat(breakers.of("chat", "node-2").getState()).isEqualTo(OPEN);
        assertThat(breakers.views()).singleElement().extracting(BreakerView::reason)
                .isEqualTo(LEAK + " (cleared 29 s ago, waiting out the quiet period)");

        clock.advance(1);
        breakers.releaseQuiet();
        CircuitBreaker breaker = breakers.of("chat", "node-2");
        assertThat(breaker.getState()).isEqualTo(HALF_OPEN);
        assertThat(changes.getLast().reason())
                .isEqualTo(LEAK + " (cleared 30 s ago, quiet period over); 2 trial calls decide whether it closes");
        assertThat(breakers.admits("chat", "node-2")).isTrue();

        breaker.onSuccess(5, TimeUnit.MILLISECONDS);
        breaker.onSuccess(5, TimeUnit.MILLISECONDS);

        assertThat(moves()).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
        assertThat(changes.getLast().reason()).isEqualTo("trial calls succeeded");
        assertThat(breakers.views()).singleElement().extracting(BreakerView::reason).isNull();
    }

    @Test
    void shouldHoldAgainWithNoVisibleChangeWhenTheFindingReturnsDuringTheQuietPeriod() {
        breakers.hold("chat", "node-2", "kv-leak", LEAK);
        breakers.clear("chat", "node-2", "kv-leak");
        clock.advance(20_000);
        breakers.hold("chat", "node-2", "kv-leak", LEAK);
        clock.advance(20_000);
        breakers.releaseQuiet();

        assertThat(moves()).containsExactly("CLOSED->OPEN");
        assertThat(breakers.views()).singleElement().extracting(BreakerView::reason).isEqualTo(LEAK);
    }

    @Test
    void shouldStayHeldUntilTheLastOfItsFindingsClears() {
        breakers.hold("chat", "node-2", "kv-leak", LEAK);
        breakers.hold("chat", "node-2", "stall", "Stall on node-2: 3 sequences running, 0 tokens/s for 3 s");
        assertThat(breakers.views()).singleElement().extracting(BreakerView::reason)
                .isEqualTo(LEAK + "; Stall on node-2: 3 sequences running, 0 tokens/s for 3 s");

        breakers.clear("chat", "node-2", "kv-leak");
        clock.advance(60_000);
        breakers.releaseQuiet();
        assertThat(breakers.of("chat", "node-2").getState()).isEqualTo(OPEN);

        breakers.clear("chat", "node-2", "stall");
        clock.advance(30_000);
        breakers.releaseQuiet();
        assertThat(breakers.of("chat", "node-2").getState()).isEqualTo(HALF_OPEN);
    }

    @Test
    void shouldLeaveABreakerAnOperatorForcedOpenAlone() {
        breakers.of("chat", "node-2").transitionToForcedOpenState();
        breakers.hold("chat", "node-2", "kv-leak", LEAK);
        breakers.clear("chat", "node-2", "kv-leak");
        clock.advance(60_000);
        breakers.releaseQuiet();

        assertThat(breakers.of("chat", "node-2").getState()).isEqualTo(FORCED_OPEN);
        assertThat(moves()).containsExactly("CLOSED->FORCED_OPEN");
    }

    @Test
    void shouldDropTheHoldWhenAnOperatorForcesTheBreaker() {
        breakers.hold("chat", "node-2", "kv-leak", LEAK);
        breakers.of("chat", "node-2").transitionToDisabledState();

        assertThat(breakers.admits("chat", "node-2")).isTrue();
        assertThat(changes.getLast().reason()).isEqualTo("disabled by an operator: calls go through whatever happens");
    }

    @Test
    void shouldTakeOverABreakerItsOwnCallsOpenedSoItsTimedHalfOpenDoesNotComeWhileTheFindingHolds() {
        Breakers quick = new Breakers(new BreakerConfig(50f, null, null, 2, 2, 5_000L, null), clock, changes::add);
        CircuitBreaker breaker = quick.of("chat", "node-2");
        breaker.onError(1, TimeUnit.MILLISECONDS, new IOException("refused"));
        breaker.onError(1, TimeUnit.MILLISECONDS, new IOException("refused"));
        assertThat(changes.getLast().reason()).isEqualTo("2 of the last 2 calls failed (100%; it opens at 50%)");

        CircuitBreaker unheld = quick.of("code", "node-2");
        unheld.onError(1, TimeUnit.MILLISECONDS, new IOException("refused"));
        unheld.onError(1, TimeUnit.MILLISECONDS, new IOException("refused"));
        quick.hold("chat", "node-2", "kv-leak", LEAK);

        // Resilience4j checks its 5 s wait when asked for a permission; held, it stays open.
        clock.advance(60_000);
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.getState()).isEqualTo(OPEN);
        assertThat(unheld.tryAcquirePermission()).as("the same breaker unheld goes half-open").isTrue();
        assertThat(changes.stream().filter(c -> c.model().equals("chat")).map(c -> c.from() + "->" + c.to()))
                .containsExactly("CLOSED->OPEN");
        assertThat(quick.views()).filteredOn(v -> v.model().equals("chat")).singleElement().extracting(BreakerView::reason).isEqualTo(LEAK);
    }

    @Test
    void shouldOpenAHalfOpenBreakerAgainWhenAFindingComes() {
        CircuitBreaker breaker = breakers.of("chat", "node-2");
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();

        breakers.hold("chat", "node-2", "kv-leak", LEAK);

        assertThat(breaker.getState()).isEqualTo(OPEN);
        assertThat(changes.getLast().from()).isEqualTo(HALF_OPEN);
        assertThat(changes.getLast().reason()).isEqualTo(LEAK);
        assertThat(CLOSED).isEqualTo(changes.getFirst().from());
    }
}
