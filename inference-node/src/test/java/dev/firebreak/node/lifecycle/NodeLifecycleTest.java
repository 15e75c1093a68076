package dev.firebreak.node.lifecycle;

import dev.firebreak.node.api.DrainDeadline;
import dev.firebreak.node.api.DrainProgress;
import dev.firebreak.node.api.NodeState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class NodeLifecycleTest {

    private final AtomicInteger sequences = new AtomicInteger();
    private final WorkInFlight work = new WorkInFlight() {
        @Override
        public int sequences() {
            return sequences.get();
        }

        @Override
        public long kvBlocks() {
            return sequences.get() * 4L;
        }
    };
    private final InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(1_000_000));
    private final NodeLifecycle lifecycle = new NodeLifecycle(clock, work);

    @Test
    void shouldStartServingAndAcceptWork() {
        assertThat(lifecycle.state()).isEqualTo(NodeState.SERVING);
        assertThat(lifecycle.acceptingWork()).isTrue();
        assertThat(lifecycle.progress()).isNull();
    }

    @Test
    void shouldStayDrainingWhileWorkIsInFlightAndReportWhatIsLeft() {
        sequences.set(3);

        DrainProgress progress = lifecycle.drain(DrainDeadline.ofSeconds(30L));

        assertThat(lifecycle.state()).isEqualTo(NodeState.DRAINING);
        assertThat(lifecycle.acceptingWork()).isFalse();
        assertThat(progress.sequencesLeft()).isEqualTo(3);
        assertThat(progress.kvBlocksLeft()).isEqualTo(12L);
        assertThat(progress.deadlineMillis() - progress.startedAtMillis()).isEqualTo(30_000);
    }

    @Test
    void shouldBecomeDrainedWhenTheLastWorkFinishes() {
        sequences.set(1);
        lifecycle.drain(DrainDeadline.ofSeconds(30L));

        sequences.set(0);
        lifecycle.onWorkFinished();

        assertThat(lifecycle.state()).isEqualTo(NodeState.DRAINED);
        assertThat(lifecycle.progress().sequencesLeft()).isZero();
    }

    @Test
    void shouldDrainAtOnceWhenIdle() {
        lifecycle.drain(DrainDeadline.ofSeconds(30L));

        assertThat(lifecycle.state()).isEqualTo(NodeState.DRAINED);
    }

    @Test
    void shouldKeepTheFirstDeadlineWhenDrainedTwice() {
        sequences.set(1);
        long first = lifecycle.drain(DrainDeadline.ofSeconds(30L)).deadlineMillis();

        long second = lifecycle.drain(DrainDeadline.ofSeconds(5L)).deadlineMillis();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldServeAgainOnResumeFromDrainingOrDrained() {
        sequences.set(1);
        lifecycle.drain(DrainDeadline.ofSeconds(30L));
        lifecycle.resume();
        assertThat(lifecycle.state()).isEqualTo(NodeState.SERVING);

        sequences.set(0);
        lifecycle.drain(DrainDeadline.ofSeconds(30L));
        lifecycle.resume();
        assertThat(lifecycle.state()).isEqualTo(NodeState.SERVING);
    }

    @Test
    void shouldIgnoreWorkFinishingWhileServing() {
        lifecycle.onWorkFinished();

        assertThat(lifecycle.state()).isEqualTo(NodeState.SERVING);
    }

    @Test
    void shouldTakeNoWorkWhileWarmingAndServeOnceWarmed() {
        NodeLifecycle warming = new NodeLifecycle(clock, work, true);
        assertThat(warming.state()).isEqualTo(NodeState.WARMING);
        assertThat(warming.acceptingWork()).isFalse();

        warming.resume();
        assertThat(warming.state()).as("a resume does not cut the warm-up short").isEqualTo(NodeState.WARMING);

        warming.warmed();
        assertThat(warming.state()).isEqualTo(NodeState.SERVING);
        assertThat(warming.acceptingWork()).isTrue();
    }

    @Test
    void shouldStayDrainedWhenTheWarmUpEndsAfterADrain() {
        NodeLifecycle warming = new NodeLifecycle(clock, work, true);
        warming.drain(DrainDeadline.ofSeconds(30L));
        assertThat(warming.state()).isEqualTo(NodeState.DRAINED);

        warming.warmed();

        assertThat(warming.state()).isEqualTo(NodeState.DRAINED);
    }

    @Test
    void shouldBeOverdueOnlyOnceTheDeadlinePassesOnItsOwnClock() {
        AtomicLong now = new AtomicLong(1_000_000);
        NodeLifecycle moving = new NodeLifecycle(() -> Instant.ofEpochMilli(now.get()), work);
        sequences.set(1);
        moving.drain(DrainDeadline.ofSeconds(10L));

        now.addAndGet(10_000);
        assertThat(moving.drainOverdue()).as("at the deadline").isFalse();

        now.addAndGet(1);
        assertThat(moving.drainOverdue()).isTrue();

        sequences.set(0);
        moving.onWorkFinished();
        assertThat(moving.drainOverdue()).as("a drained node has nothing left to cancel").isFalse();
    }
}
