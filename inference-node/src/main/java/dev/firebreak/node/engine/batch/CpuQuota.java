package dev.firebreak.node.engine.batch;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * A cap on the engine's compute, in cores, as a container's CPU quota ({@code docker --cpus},
 * cgroup {@code cpu.max}) would set it. Several nodes on one host otherwise share its cores, so one
 * node's death hands its CPU to the survivors, which separate machines never do; a game day on one
 * host caps each node so that a node's capacity is its own.
 *
 * <p>A token bucket of CPU time: it fills at {@code cores} seconds per second, up to one period's
 * worth, and every iteration spends the engine thread's CPU time; in debt, the engine pauses until
 * the bucket is back to zero. Kernels on more threads than the engine's own are not counted, so a
 * capped node runs its kernels on one thread ({@code -Dfirebreak.threads=1}).
 */
public final class CpuQuota {

    private static final long PERIOD_NANOS = 20_000_000;

    private final double cores;
    private final LongSupplier cpuNanos;
    private final LongSupplier clockNanos;
    private long lastCpu;
    private long lastClock;
    private double tokens;

    /**
     * @param cores the share of one core the engine may use, above 0
     * @param cpuNanos the engine thread's CPU time so far
     * @param clockNanos a monotonic clock
     */
    public CpuQuota(double cores, LongSupplier cpuNanos, LongSupplier clockNanos) {
        if (!(cores > 0)) {
            throw new IllegalArgumentException("a CPU quota must be above 0 cores, got " + cores);
        }
        this.cores = cores;
        this.cpuNanos = cpuNanos;
        this.clockNanos = clockNanos;
        this.lastCpu = cpuNanos.getAsLong();
        this.lastClock = clockNanos.getAsLong();
        this.tokens = cores * PERIOD_NANOS;
    }

    /** The quota for the calling thread (the engine's): its CPU time from the JVM, wall time from {@link System#nanoTime}. */
    public static CpuQuota forCurrentThread(double cores) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return new CpuQuota(cores, threads::getCurrentThreadCpuTime, System::nanoTime);
    }

    public double cores() {
        return cores;
    }

    /** Called after each iteration: how long the engine must pause to stay within the quota (0: none). */
    public long pauseNanos() {
        long cpu = cpuNanos.getAsLong();
        long clock = clockNanos.getAsLong();
        tokens = Math.min(cores * PERIOD_NANOS, tokens + cores * (clock - lastClock)) - (cpu - lastCpu);
        lastCpu = cpu;
        lastClock = clock;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / cores);
    }
}
