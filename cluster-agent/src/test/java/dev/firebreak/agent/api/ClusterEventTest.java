package dev.firebreak.agent.api;

import dev.firebreak.node.http.Json;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A breaker event keeps its typed change on the wire, so the console and the game days need not parse its line. */
class ClusterEventTest {

    @Test
    void shouldCarryTheBreakerChangeThroughJson() throws Exception {
        ClusterEvent event = ClusterEvent.of(new BreakerTransition("chat", "node-2", CircuitBreaker.State.HALF_OPEN,
                CircuitBreaker.State.OPEN, 75f), 1_000);

        ClusterEvent read = Json.mapper().readValue(Json.mapper().writeValueAsString(event), ClusterEvent.class);

        assertThat(read).isEqualTo(event);
        assertThat(read.type()).isEqualTo("breaker");
        assertThat(read.nodeId()).isEqualTo("node-2");
        assertThat(read.breaker().opened()).isTrue();
    }

    @Test
    void shouldReadAnEventWithoutABreakerChange() throws Exception {
        ClusterEvent read = Json.mapper().readValue(
                "{\"type\":\"node-down\",\"atMillis\":5,\"nodeId\":\"node-1\",\"message\":\"refused\"}", ClusterEvent.class);

        assertThat(read).isEqualTo(new ClusterEvent("node-down", 5, "node-1", "refused"));
        assertThat(read.breaker()).isNull();
    }
}
