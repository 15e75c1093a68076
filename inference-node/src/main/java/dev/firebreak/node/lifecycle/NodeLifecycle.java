package dev.firebreak.node.lifecycle;

import dev.firebreak.node.api.DrainDeadline;
import dev.firebreak.node.api.DrainProgress;
import dev.firebreak.node.api.NodeState;

import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's serving state machine: WARMING (at start, if it warms up), SERVING, DRAINING, DRAINED.
 * The state lives in one reference; the legal transitions are listed in {@link #ALLOWED} and anything
 * else throws.
 */
public final class NodeLifecycle {

    private static final Map<NodeState, Set<NodeState>> ALLOWED = Map.of(
            NodeState.WARMING, Set.of(NodeState.SERVING, NodeState.DRAINING),
            NodeState.SERVING, Set.of(NodeState.DRAINING),
            NodeState.DRAINING, Set.of(NodeState.DRAINED, NodeState.SERVING),
            NodeState.DRAINED, Set.of(NodeState.SERVING));

    /** The state and, while draining or drained, when the drain started and must end. */
    private record Phase(NodeState state, long drainStartedMillis, long drainDeadlineMillis) {
    }

    private final AtomicReference<Phase> phase;
    private final InstantSource clock;
    private final WorkInFlight work;

    /**
     * @param work what the node still holds, so a drain knows when it is done
     */
    public NodeLifecycle(InstantSource clock, WorkInFlight work) {
        this(clock, work, false);
    }

    /**
     * @param warming start in WARMING, until {@link #warmed()}
     */
    public NodeLifecycle(InstantSource clock, WorkInFlight work, boolean warming) {
        this.clock = clock;
        this.work = work;
        this.phase = new AtomicReference<>(new Phase(warming ? NodeState.WARMING : NodeState.SERVING, 0, 0));
    }

    /** The warm-up is over: a warming node starts serving (a node drained meanwhile stays as it is). */
    public void warmed() {
        phase.updateAndGet(current -> current.state() == NodeState.WARMING
                ? checked(current, new Phase(NodeState.SERVING, 0, 0))
                : current);
    }

    public NodeState state() {
        return phase.get().state();
    }

    /** True while the node takes new work. */
    public boolean acceptingWork() {
        return state() == NodeState.SERVING;
    }

    /**
     * Stops taking new work; in-flight work has until {@code deadline} to finish. Draining an
     * already draining or drained node keeps its original deadline.
     */
    public DrainProgress drain(DrainDeadline deadline) {
        long now = clock.millis();
        phase.updateAndGet(current -> current.state() == NodeState.SERVING || current.state() == NodeState.WARMING
                ? checked(current, new Phase(NodeState.DRAINING, now, deadline.endsAt(now)))
                : current);
        onWorkFinished();
        return progress();
    }

    /** Takes new work again, whether the drain had finished or not; a warming node finishes its warm-up first. */
    public void resume() {
        phase.updateAndGet(current -> current.state() == NodeState.SERVING || current.state() == NodeState.WARMING
                ? current
                : checked(current, new Phase(NodeState.SERVING, 0, 0)));
    }

    /** Called whenever work ends: a drain with nothing left becomes DRAINED. */
    public void onWorkFinished() {
        phase.updateAndGet(current -> current.state() == NodeState.DRAINING && work.sequences() == 0
                ? checked(current, new Phase(NodeState.DRAINED, current.drainStartedMillis(),
                current.drainDeadlineMillis()))
                : current);
    }

    /** True while draining with the deadline passed: what is left must be cancelled. */
    public boolean drainOverdue() {
        DrainProgress progress = progress();
        return state() == NodeState.DRAINING && progress != null && progress.overdue(clock.millis());
    }

    /** The drain's progress, or {@code null} while serving or warming. */
    public DrainProgress progress() {
        Phase current = phase.get();
        if (current.state() == NodeState.SERVING || current.state() == NodeState.WARMING) {
            return null;
        }
        return new DrainProgress(current.drainStartedMillis(), current.drainDeadlineMillis(),
                work.sequences(), work.kvBlocks());
    }

    private static Phase checked(Phase from, Phase to) {
        if (!ALLOWED.get(from.state()).contains(to.state())) {
            throw new IllegalStateException("illegal node state transition " + from.state() + " -> " + to.state());
        }
        return to;
    }
}
