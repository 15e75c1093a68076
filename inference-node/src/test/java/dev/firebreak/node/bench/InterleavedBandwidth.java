package dev.firebreak.node.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A memory-bound call, repeated for a tenth of a second, and a pass of the machine's read
 * bandwidth, taking turns all through each iteration, so that the call's share of bandwidth compares it with the same seconds: on this
 * shared machine the read bandwidth was seen to move between 30 and 72 GB/s from one minute to the
 * next, and by a third from one second to the next. Each iteration reports, as JMH secondary
 * results, the fastest call and the fastest pass (a share of bests: the machine's neighbours only
 * ever slow either down) and their means (a share of means).
 *
 * <p>This replaced a bandwidth measured just before each iteration (the fastest of three passes)
 * and set against the iteration's mean call: a best against a mean, seconds apart, which leaned low.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class InterleavedBandwidth {

    /** Eight times the last-level cache of the largest x86 core complex: each pass reads memory. */
    static final long PASS_BYTES = 256L << 20;
    /** Calls between two passes: about ten slices and passes an iteration. */
    static final long SLICE_NANOS = 100_000_000L;

    private Arena arena;
    private MemorySegment buffer;
    private long fastestCall;
    private long fastestPass;
    private long callNanos;
    private long passNanos;
    private long calls;
    private long passes;

    @Setup(Level.Trial)
    public void allocate() {
        arena = Arena.ofShared();
        buffer = MachineBench.readBuffer(arena, PASS_BYTES);
    }

    @Setup(Level.Iteration)
    public void reset() {
        fastestCall = Long.MAX_VALUE;
        fastestPass = Long.MAX_VALUE;
        callNanos = 0;
        passNanos = 0;
        calls = 0;
        passes = 0;
    }

    /**
     * Calls {@code call} over and over for a slice of {@value #SLICE_NANOS} ns, timing each, then
     * makes one pass over the buffer. Slices, not a pass after every call: a pass evicts the page
     * tables of the call's memory from the caches too, and a medium decode token right after a pass
     * took 9.3 ms against 6.7 ms for tokens back to back, as decode runs.
     */
    void time(Runnable call) {
        long sliceEnd = System.nanoTime() + SLICE_NANOS;
        long called;
        do {
            long start = System.nanoTime();
            call.run();
            called = System.nanoTime();
            fastestCall = Math.min(fastestCall, called - start);
            callNanos += called - start;
            calls++;
        } while (called < sliceEnd);
        MachineBench.readAll(buffer);
        long passed = System.nanoTime();
        fastestPass = Math.min(fastestPass, passed - called);
        passNanos += passed - called;
        passes++;
    }

    /*
     * Counters are methods, not fields: JMH zeroes counter fields when an iteration starts.
     */

    /** The fastest call of the iteration, in nanoseconds. */
    public double fastestCallNanos() {
        return fastestCall;
    }

    /** The fastest pass of the iteration, in GB/s. */
    public double fastestReadGBs() {
        return (double) PASS_BYTES / fastestPass;
    }

    /** The iteration's mean call, in nanoseconds. */
    public double meanCallNanos() {
        return (double) callNanos / calls;
    }

    /** The iteration's mean pass, in GB/s. */
    public double meanReadGBs() {
        return (double) PASS_BYTES * passes / passNanos;
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }
}
