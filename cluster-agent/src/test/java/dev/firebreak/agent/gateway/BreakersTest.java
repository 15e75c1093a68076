package dev.firebreak.agent.gateway;

import dev.firebreak.agent.api.BreakerTransition;
import dev.firebreak.agent.config.BreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Breakers built from the agent's breaker settings, reporting each change of state as a typed record. */
class BreakersTest {

    private final List<BreakerTransition> changes = new CopyOnWriteArrayList<>();

    @Test
    void shouldReportAChangeOfStateWithItsModelNodeAndStates() {
        Breakers breakers = new Breakers(BreakerConfig.defaults(), changes::add);

        breakers.of("chat", "node-2").transitionToForcedOpenState();

        assertThat(changes).containsExactly(
                new BreakerTransition("chat", "node-2", CircuitBreaker.State.CLOSED, CircuitBreaker.State.FORCED_OPEN, -1f,
                        "forced open by an operator"));
        assertThat(changes.getFirst().opened()).isTrue();
        assertThat(changes.getFirst().describe()).isEqualTo("breaker chat on node-2: CLOSED -> FORCED_OPEN: forced open by an operator");
        assertThat(breakers.admits("chat", "node-2")).isFalse();
        assertThat(breakers.admits("chat", "node-1")).isTrue();
    }

    @Test
    void shouldOpenAtTheConfiguredFailureRateOnlyOnceTheMinimumCallsAreIn() {
        Breakers breakers = new Breakers(new BreakerConfig(50f, null, null, 4, 4, null, null), changes::add);
        CircuitBreaker breaker = breakers.of("chat", "node-1");

        breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        breaker.onError(1, TimeUnit.MILLISECONDS, new IOException("refused"));
        breaker.onError(1, TimeUnit.MILLISECONDS, new IOException("refused"));
        assertThat(breaker.getState()).as("three calls of the four needed").isEqualTo(CircuitBreaker.State.CLOSED);

        breaker.onSuccess(1, TimeUnit.MILLISECONDS);

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.to()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(c.failureRatePercent()).isEqualTo(50f);
            assertThat(c.reason()).isEqualTo("2 of the last 4 calls failed (50%; it opens at 50%)");
        });
    }

    @Test
    void shouldCountSlowCallsFromTheConfiguredDuration() {
        Breakers breakers = new Breakers(new BreakerConfig(null, 50f, 100L, 2, 2, null, null), changes::add);
        CircuitBreaker breaker = breakers.of("chat", "node-1");

        breaker.onSuccess(99, TimeUnit.MILLISECONDS);
        breaker.onSuccess(101, TimeUnit.MILLISECONDS);

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
