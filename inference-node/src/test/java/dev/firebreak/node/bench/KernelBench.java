package dev.firebreak.node.bench;

import dev.firebreak.node.engine.tensor.MatMul;
import dev.firebreak.node.engine.tensor.WeightMatrix;
import dev.firebreak.node.engine.tensor.WeightType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The matrix kernels: matrix-matrix (prefill) in cache; matrix-vector (decode) from memory, and on a
 * matrix that stays in cache for the kernel's own speed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KernelBench {

    static final int MM_ROWS = 1024;
    static final int MM_COLS = 1024;
    static final int MM_TOKENS = 128;
    /** 512 MiB of F32: far past every cache. */
    static final int MV_ROWS = 16384;
    static final int MV_COLS = 8192;
    /** A matrix that stays in L2 (512 KiB as F32, 144 KiB as Q8_0 once repacked), for the kernel's speed without memory. */
    static final int CACHED_ROWS = 128;
    static final int CACHED_COLS = 1024;

    @Param({"F32", "Q8_0"})
    public WeightType type;

    private Arena arena;
    private WeightMatrix square;
    private WeightMatrix large;
    private WeightMatrix cached;
    private float[] batch;
    private float[] batchOut;
    private float[] vector;
    private float[] vectorOut;

    @Setup(Level.Trial)
    public void build() {
        arena = Arena.ofShared();
        SplittableRandom random = new SplittableRandom(1);
        square = WeightMatrix.quantize(type, MM_ROWS, MM_COLS, randoms(random, MM_ROWS * MM_COLS), arena);
        large = WeightMatrix.quantize(type, MV_ROWS, MV_COLS, randoms(random, MV_ROWS * MV_COLS), arena);
        cached = WeightMatrix.quantize(type, CACHED_ROWS, CACHED_COLS, randoms(random, CACHED_ROWS * CACHED_COLS), arena);
        batch = randoms(random, MM_TOKENS * MM_COLS);
        batchOut = new float[MM_TOKENS * MM_ROWS];
        vector = randoms(random, MV_COLS);
        vectorOut = new float[MV_ROWS];
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }

    /** Flops per call: 2 x rows x cols x tokens. */
    @Benchmark
    public float[] matMul() {
        MatMul.matMul(square, batch, MM_TOKENS, batchOut);
        return batchOut;
    }

    /** {@link #matMul} on every core, with its speed on one core in the same seconds. */
    @Benchmark
    public float[] matMulPaired(PairedOneCore oneCore) {
        return matMul();
    }

    /** Bytes per call: the matrix's bytes. */
    @Benchmark
    public float[] matVec() {
        MatMul.matVec(large, vector, 0, vectorOut, 0);
        return vectorOut;
    }

    /** Slices of {@link #matVec} taking turns with passes of the read bandwidth, for its share of the same seconds. */
    @Benchmark
    public float[] matVecShare(InterleavedBandwidth bandwidth) {
        bandwidth.time(this::matVec);
        return vectorOut;
    }

    /** Bytes per call: the small matrix's bytes, read from cache after the first call. */
    @Benchmark
    public float[] matVecInCache() {
        MatMul.matVec(cached, vector, 0, vectorOut, 0);
        return vectorOut;
    }

    private static float[] randoms(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
