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
 * The machine's read bandwidth measured just before each iteration of a memory-bound benchmark,
 * reported with that iteration ({@link #readGBs()}, a JMH secondary result), so that its share of
 * bandwidth compares it with the same seconds. On this shared machine the bandwidth was seen to
 * move between 32 and 72 GB/s from one minute to the next: against a figure taken minutes apart, a
 * share says more about the minutes than about the kernel.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class PairedBandwidth {

    private double readGBs;

    private Arena arena;
    private MemorySegment buffer;

    @Setup(Level.Trial)
    public void allocate() {
        arena = Arena.ofShared();
        buffer = arena.allocate(MachineBench.BUFFER_BYTES, 64);
        buffer.fill((byte) 1);
    }

    @Setup(Level.Iteration)
    public void measure() {
        long fastest = Long.MAX_VALUE;
        for (int pass = 0; pass < 3; pass++) {
            long start = System.nanoTime();
            MachineBench.readAll(buffer);
            fastest = Math.min(fastest, System.nanoTime() - start);
        }
        readGBs = (double) buffer.byteSize() / fastest;
    }

    /**
     * The fastest of a few passes over the buffer just before this iteration, in GB/s. A method,
     * not a field: JMH zeroes counter fields when an iteration starts, after the set-up has run.
     */
    public double readGBs() {
        return readGBs;
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }
}
