package dev.firebreak.node.bench;

import dev.firebreak.node.engine.tensor.Kernels;
import dev.firebreak.node.engine.tensor.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;

/** The machine's own limits, measured in the same run as the kernels: FMA peak of one core, read bandwidth. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MachineBench {

    /** FMA iterations per call; each does {@link #CHAINS} independent vector FMAs. */
    static final int FMA_ITERATIONS = 1 << 14;
    /** Independent accumulators: enough to cover FMA latency on two FMA ports. */
    static final int CHAINS = 12;
    /** Far larger than any cache, so reads come from memory. */
    static final long BUFFER_BYTES = 1L << 30;

    // Scalars, not vector fields: C2 only keeps vectors in registers when it knows their exact shape.
    private float multiplier = 0.999999f;
    private float addend = 1e-7f;
    private Arena arena;
    private MemorySegment buffer;

    @Setup(Level.Trial)
    public void allocate() {
        arena = Arena.ofShared();
        buffer = readBuffer(arena, BUFFER_BYTES);
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }

    /** Register-only FMAs: nothing touches memory. Flops per call: iterations x chains x lanes x 2. */
    @Benchmark
    public float fmaPeak() {
        FloatVector m = FloatVector.broadcast(Kernels.F, multiplier);
        FloatVector c = FloatVector.broadcast(Kernels.F, addend);
        FloatVector a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c, a8 = c, a9 = c, a10 = c, a11 = c;
        for (int i = 0; i < FMA_ITERATIONS; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
            a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
            a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    /**
     * Sums the whole buffer with every kernel worker, each over its own slice read as four
     * sequential streams a quarter of the slice apart, as the Q8_0 matrix-vector kernel reads its
     * rows (measured in a plain loop, mean of 20 passes: 54 GB/s against 51-52 with one stream a
     * thread). Bytes per call: {@link #BUFFER_BYTES}.
     */
    @Benchmark
    public double readBandwidth() {
        return readAll(buffer);
    }

    /**
     * A buffer of {@code bytes} for {@link #readAll}: aligned to cache lines, and written once so that
     * every page is mapped before the first timed pass (a first touch would be timed as reading).
     */
    public static MemorySegment readBuffer(Arena arena, long bytes) {
        MemorySegment buffer = arena.allocate(bytes, 64);
        buffer.fill((byte) 1);
        return buffer;
    }

    /** The sum of every float of {@code buffer}, read by every kernel worker as described above. */
    public static double readAll(MemorySegment buffer) {
        DoubleAdder total = new DoubleAdder();
        int chunk = 1 << 20;
        int chunks = (int) (buffer.byteSize() / chunk);
        Parallel.forRange(chunks, 4, 0, 1, (from, to) -> {
            FloatVector s0 = FloatVector.zero(Kernels.F), s1 = s0, s2 = s0, s3 = s0;
            long start = (long) from * chunk;
            long quarter = (long) (to - from) * chunk / 4;
            int step = Kernels.F.length() * Float.BYTES;
            for (long off = start; off < start + quarter; off += step) {
                s0 = s0.add(FloatVector.fromMemorySegment(Kernels.F, buffer, off, ByteOrder.LITTLE_ENDIAN));
                s1 = s1.add(FloatVector.fromMemorySegment(Kernels.F, buffer, off + quarter, ByteOrder.LITTLE_ENDIAN));
                s2 = s2.add(FloatVector.fromMemorySegment(Kernels.F, buffer, off + 2 * quarter, ByteOrder.LITTLE_ENDIAN));
                s3 = s3.add(FloatVector.fromMemorySegment(Kernels.F, buffer, off + 3 * quarter, ByteOrder.LITTLE_ENDIAN));
            }
            total.add(s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD));
        });
        return total.sum();
    }
}
