package dev.firebreak.agent.drain;

import dev.firebreak.agent.api.NodeReport;
import dev.firebreak.agent.watch.ManualClock;
import dev.firebreak.node.api.NodeState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A drain at the gateway: the node reads DRAINING while the gateway's requests on it finish, DRAINED after, SERVING once resumed. */
class GatewayDrainsTest {

    private static final NodeReport SERVING = new NodeReport(NodeState.SERVING, null, 0, null, null, null, null, List.of(), null,
            null);

    @Test
    void shouldDrainWhileRequestsAreInFlightThenBeDrainedUntilResumed() {
        ManualClock clock = new ManualClock();
        AtomicInteger inFlight = new AtomicInteger(3);
        GatewayDrains drains = new GatewayDrains(clock);
        drains.countInFlight(node -> node.equals("openai-1") ? inFlight.get() : 0);

        assertThat(drains.overlay("openai-1", SERVING).state()).isEqualTo(NodeState.SERVING);
        assertThat(drains.start("openai-1", 30)).isTrue();
        assertThat(drains.start("openai-1", 30)).isFalse();

        NodeReport draining = drains.overlay("openai-1", SERVING);
        assertThat(draining.state()).isEqualTo(NodeState.DRAINING);
        assertThat(draining.drain().sequencesLeft()).isEqualTo(3);
        assertThat(draining.drain().deadlineMillis() - draining.drain().startedAtMillis()).isEqualTo(30_000);
        assertThat(drains.overlay("other", SERVING).state()).isEqualTo(NodeState.SERVING);

        inFlight.set(0);
        assertThat(drains.overlay("openai-1", SERVING).state()).isEqualTo(NodeState.DRAINED);

        assertThat(drains.resume("openai-1")).isTrue();
        assertThat(drains.overlay("openai-1", SERVING).state()).isEqualTo(NodeState.SERVING);
    }
}
