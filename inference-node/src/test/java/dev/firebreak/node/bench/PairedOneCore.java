package dev.firebreak.node.bench;

import dev.firebreak.node.engine.tensor.Parallel;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The matrix-matrix kernel on the calling thread alone, timed just before each iteration that runs
 * it on every core, and reported with that iteration ({@link #oneCoreNanos()}, a JMH secondary
 * result): a speedup from the same seconds and the same compiled code. Two separate runs, one per
 * thread count, compared the minutes they ran in as much as the cores (their speedups moved
 * between 1.30x and 2.02x over nine runs, 1-3 and A-F, the matrix-matrix code unchanged from run 3 on).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class PairedOneCore {

    /** About as long as the iteration it pairs with, so both average over comparable seconds. */
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private double oneCoreNanos;

    @Setup(Level.Iteration)
    public void measure(KernelBench kernels) {
        long calls = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            Parallel.onCallingThread(kernels::matMul);
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < WINDOW_NANOS);
        oneCoreNanos = (double) elapsed / calls;
    }

    /**
     * Mean nanoseconds of one call on one core, just before this iteration. A method, not a
     * field: JMH zeroes counter fields when an iteration starts, after the set-up has run.
     */
    public double oneCoreNanos() {
        return oneCoreNanos;
    }
}
