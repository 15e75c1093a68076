package dev.firebreak.node.engine.tensor;

import dev.firebreak.node.bench.MachineBench;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import static dev.firebreak.node.engine.tensor.Kernels.F;
import static jdk.incubator.vector.VectorOperators.AND;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;

/**
 * What other arithmetic orders would buy the Q8_0 matrix-vector kernel: an experiment, not part of
 * the engine, kept so that the engine report's figures for it can be measured again. On the
 * repacked layout of {@link Q8Matrix}, with 16-float vectors, it times the variants in turns, each
 * for 0.3 s a round and then three passes of the machine's read bandwidth (a turn's fastest call
 * is set against the fastest of its passes), every other measured round in reverse order:
 * <ul>
 *   <li>{@code engine}: {@link Q8Matrix}'s own kernel, each weight times its scale, then fused
 *   with x (the canonical order, 18 vector operations per 64 weights);</li>
 *   <li>{@code block sums}: the weights unscaled times x summed per block, then times the scale
 *   (16 operations; other results, and prefill would have to follow);</li>
 *   <li>{@code int8 x}: activations quantised to int8 with one scale per token, 16-bit products of
 *   the pair's bytes summed in pairs, split into ints and converted (13 operations; the Vector API
 *   has no {@code pmaddwd} or VNNI dot product, which would do the products and pair sums in one);</li>
 *   <li>{@code loads only}: the weight loads with one integer add each (no scales, no x, no result):
 *   from memory it touches the same cache lines, so it is how fast the layout streams when
 *   compute costs nothing; in L2 it uses the load ports less than the others, so there it is no
 *   like-for-like ceiling.</li>
 * </ul>
 * The variants other than {@code engine} compute nothing the engine uses (their sums are kept
 * only so the JIT cannot drop them). Usage, after {@code ./mvnw -pl inference-node test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector -Dfirebreak.threads=2 -cp inference-node/target/test-classes:inference-node/target/classes \
 *   dev.firebreak.node.engine.tensor.Q8OrderProbe 16384 8192 2 12     # from memory, two threads
 * java ... Q8OrderProbe 128 1024 1 12                                  # in L2, one thread
 * </pre>
 */
public final class Q8OrderProbe {

    private static final int L = Q8Matrix.L;
    private static final int BLOCK_BYTES = Q8Matrix.PAIR_BLOCK_BYTES;
    private static final int SCALES = Q8Matrix.SCALES;
    private static final int TOP_BYTE = Q8Matrix.TOP_BYTE;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, F.vectorShape());
    private static final long TURN_NANOS = 300_000_000L;
    private static final long PASS_BYTES = 256L << 20;

    /** Four pairs {@code pair + k·apart}, k in 0..3, times x; adds something of the result to sink[0]. */
    private interface Variant {
        void pairs(MemorySegment d, int cols, float[] x, short[] x8, float[] sink, int pair, int apart);
    }

    private Q8OrderProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 4 || F.length() != 16) {
            System.err.println("usage: Q8OrderProbe <rows> <cols> <threads: 1 or all> <rounds>, on a JVM with 16-float vectors");
            System.exit(2);
        }
        int rows = Integer.parseInt(args[0]);
        int cols = Integer.parseInt(args[1]);
        boolean parallel = !args[2].equals("1");
        int rounds = Integer.parseInt(args[3]);
        int threads = parallel ? Kernels.THREADS : 1;
        if (rows % (4 * Q8Matrix.PAIR * threads) != 0 || cols % (2 * L) != 0) {
            // The variants take whole groups of four pairs a thread and skip the rest, yet are
            // credited with every byte: only shapes with nothing left over compare fairly.
            System.err.println("rows must be a multiple of " + 4 * Q8Matrix.PAIR * threads + " and cols of " + 2 * L);
            System.exit(2);
        }
        SplittableRandom random = new SplittableRandom(1);
        float[] values = MatMulTest.randoms(random, rows * cols);
        float[] x = MatMulTest.randoms(random, cols);
        short[] x8 = new short[2 * cols];
        for (int i = 0; i < x8.length; i++) {
            x8[i] = (short) (random.nextInt(255) - 127);
        }
        try (Arena arena = Arena.ofShared()) {
            Q8Matrix m = (Q8Matrix) WeightMatrix.quantize(WeightType.Q8_0, rows, cols, values, arena);
            MemorySegment pass = MachineBench.readBuffer(arena, PASS_BYTES);
            String[] names = {"engine", "block sums", "int8 x", "loads only"};
            Variant[] variants = {null, Q8OrderProbe::blockSums, Q8OrderProbe::int8Products, Q8OrderProbe::loadsOnly};
            float[] out = new float[rows];
            float[] sink = new float[1];
            double[][] gbs = new double[names.length][rounds];
            double[][] shares = new double[names.length][rounds];
            for (int round = -3; round < rounds; round++) {
                for (int turn = 0; turn < names.length; turn++) {
                    // Warm-up rounds in the listed order: compiled after the others, the engine's kernel
                    // and block sums ran at a third of their speed (6-8 against 20-24 GB/s), their
                    // vector operations presumably not intrinsified once the others' had run. Measured
                    // rounds then go in reverse order every other time, so no variant always follows
                    // the same one.
                    int v = round < 0 || round % 2 == 0 ? turn : names.length - 1 - turn;
                    Variant variant = variants[v];
                    Runnable call = variant == null
                            ? () -> MatMul.matVec(m, x, 0, out, 0)
                            : () -> run(variant, m, x, x8, sink, parallel);
                    long fastest = fastest(call, parallel);
                    double read = fastestPass(pass);
                    if (round >= 0) {
                        gbs[v][round] = (double) m.bytes() / fastest;
                        shares[v][round] = gbs[v][round] / read;
                    }
                }
            }
            for (int v = 0; v < names.length; v++) {
                double[] speed = gbs[v].clone();
                double[] share = shares[v].clone();
                Arrays.sort(speed);
                Arrays.sort(share);
                System.out.printf(Locale.ROOT, "%-10s median %5.1f GB/s (best %5.1f), %3.0f%% of the read passes after it (median)%n",
                        names[v], speed[rounds / 2], speed[rounds - 1], 100 * share[rounds / 2]);
            }
            if (sink[0] == 0.123f) {
                System.out.println();
            }
        }
    }

    /** The fastest of {@code call}s for one turn; single-threaded runs go through the kernel threads' bypass. */
    private static long fastest(Runnable call, boolean parallel) {
        long end = System.nanoTime() + TURN_NANOS;
        long best = Long.MAX_VALUE;
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            if (parallel) {
                call.run();
            } else {
                Parallel.onCallingThread(call);
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    /** The fastest of three passes over {@code pass}, in GB/s. */
    private static double fastestPass(MemorySegment pass) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            MachineBench.readAll(pass);
            best = Math.min(best, System.nanoTime() - start);
        }
        return (double) PASS_BYTES / best;
    }

    /** Every thread's range as {@link Q8Matrix#matVecRows} takes it: four streams of whole pairs ({@code main} refuses shapes with pairs left over). */
    private static void run(Variant variant, Q8Matrix m, float[] x, short[] x8, float[] sink, boolean parallel) {
        Parallel.forRange(m.rows(), Q8Matrix.PAIR, 0, m.cols(), (from, to) -> {
            int first = from / Q8Matrix.PAIR;
            int quarter = (to / Q8Matrix.PAIR - first) / 4;
            for (int pair = first; pair < first + quarter; pair++) {
                variant.pairs(m.data(), m.cols(), x, x8, sink, pair, quarter);
            }
        });
    }

    // Written out, as Q8Matrix.dot8 is: helpers returning vectors would be left out of line past
    // C2's inlining budget and box them (see CanonicalDot).
    private static void blockSums(MemorySegment d, int cols, float[] x, short[] x8, float[] sink, int pair, int apart) {
        int blocks = cols / Q8Matrix.BLOCK;
        long start = (long) pair * blocks * BLOCK_BYTES;
        long other = (long) apart * blocks * BLOCK_BYTES;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int b = 0; b < blocks; b++) {
            long o0 = start + (long) b * BLOCK_BYTES, o1 = o0 + other, o2 = o1 + other, o3 = o2 + other;
            FloatVector lo = FloatVector.fromArray(F, x, b * 2 * L);
            FloatVector hi = FloatVector.fromArray(F, x, b * 2 * L + L);
            IntVector v = IntVector.fromMemorySegment(I, d, o0, Layouts.ORDER);
            FloatVector s;
            s = ((FloatVector) v.lanewise(LSHL, 24).convert(I2F, 0)).mul(lo);
            s = ((FloatVector) v.lanewise(LSHL, 16).lanewise(AND, TOP_BYTE).convert(I2F, 0)).fma(hi, s);
            a0 = s.fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o0 + SCALES)), a0);
            s = ((FloatVector) v.lanewise(LSHL, 8).lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(lo);
            s = ((FloatVector) v.lanewise(AND, TOP_BYTE).convert(I2F, 0)).fma(hi, s);
            a1 = s.fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o0 + SCALES + 4)), a1);
            v = IntVector.fromMemorySegment(I, d, o1, Layouts.ORDER);
            s = ((FloatVector) v.lanewise(LSHL, 24).convert(I2F, 0)).mul(lo);
            s = ((FloatVector) v.lanewise(LSHL, 16).lanewise(AND, TOP_BYTE).convert(I2F, 0)).fma(hi, s);
            a2 = s.fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o1 + SCALES)), a2);
            s = ((FloatVector) v.lanewise(LSHL, 8).lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(lo);
            s = ((FloatVector) v.lanewise(AND, TOP_BYTE).convert(I2F, 0)).fma(hi, s);
            a3 = s.fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o1 + SCALES + 4)), a3);
            v = IntVector.fromMemorySegment(I, d, o2, Layouts.ORDER);
            s = ((FloatVector) v.lanewise(LSHL, 24).convert(I2F, 0)).mul(lo);
            s = ((FloatVector) v.lanewise(LSHL, 16).lanewise(AND, TOP_BYTE).convert(I2F, 0)).fma(hi, s);
            a4 = s.fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o2 + SCALES)), a4);
            s = ((FloatVector) v.lanewise(LSHL, 8).lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(lo);
            s = ((FloatVector) v.lanewise(AND, TOP_BYTE).convert(I2F, 0)).fma(hi, s);
            a5 = s.fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o2 + SCALES + 4)), a5);
            v = IntVector.fromMemorySegment(I, d, o3, Layouts.ORDER);
            s = ((FloatVector) v.lanewise(LSHL, 24).convert(I2F, 0)).mul(lo);
            s = ((FloatVector) v.lanewise(LSHL, 16).lanewise(AND, TOP_BYTE).convert(I2F, 0)).fma(hi, s);
            a6 = s.fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o3 + SCALES)), a6);
            s = ((FloatVector) v.lanewise(LSHL, 8).lanewise(AND, TOP_BYTE).convert(I2F, 0)).mul(lo);
            s = ((FloatVector) v.lanewise(AND, TOP_BYTE).convert(I2F, 0)).fma(hi, s);
            a7 = s.fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o3 + SCALES + 4)), a7);
        }
        sink[0] += a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).lane(0);
    }

    private static void int8Products(MemorySegment d, int cols, float[] x, short[] x8, float[] sink, int pair, int apart) {
        int blocks = cols / Q8Matrix.BLOCK;
        long start = (long) pair * blocks * BLOCK_BYTES;
        long other = (long) apart * blocks * BLOCK_BYTES;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int b = 0; b < blocks; b++) {
            long o0 = start + (long) b * BLOCK_BYTES, o1 = o0 + other, o2 = o1 + other, o3 = o2 + other;
            // x as 16-bit values lined up with the pair's low bytes, then with its high bytes
            ShortVector xl = ShortVector.fromArray(S, x8, 4 * L * b);
            ShortVector xh = ShortVector.fromArray(S, x8, 4 * L * b + 2 * L);
            // Each 16-bit lane: low byte times xl plus high byte times xh; row A's in the low half of each int, row B's in the high
            ShortVector v = ShortVector.fromMemorySegment(S, d, o0, Layouts.ORDER);
            IntVector p = (IntVector) v.lanewise(LSHL, 8).lanewise(ASHR, 8).mul(xl).add(v.lanewise(ASHR, 8).mul(xh)).reinterpretAsInts();
            a0 = ((FloatVector) p.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o0 + SCALES)), a0);
            a1 = ((FloatVector) p.lanewise(ASHR, 16).convert(I2F, 0)).fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o0 + SCALES + 4)), a1);
            v = ShortVector.fromMemorySegment(S, d, o1, Layouts.ORDER);
            p = (IntVector) v.lanewise(LSHL, 8).lanewise(ASHR, 8).mul(xl).add(v.lanewise(ASHR, 8).mul(xh)).reinterpretAsInts();
            a2 = ((FloatVector) p.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o1 + SCALES)), a2);
            a3 = ((FloatVector) p.lanewise(ASHR, 16).convert(I2F, 0)).fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o1 + SCALES + 4)), a3);
            v = ShortVector.fromMemorySegment(S, d, o2, Layouts.ORDER);
            p = (IntVector) v.lanewise(LSHL, 8).lanewise(ASHR, 8).mul(xl).add(v.lanewise(ASHR, 8).mul(xh)).reinterpretAsInts();
            a4 = ((FloatVector) p.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o2 + SCALES)), a4);
            a5 = ((FloatVector) p.lanewise(ASHR, 16).convert(I2F, 0)).fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o2 + SCALES + 4)), a5);
            v = ShortVector.fromMemorySegment(S, d, o3, Layouts.ORDER);
            p = (IntVector) v.lanewise(LSHL, 8).lanewise(ASHR, 8).mul(xl).add(v.lanewise(ASHR, 8).mul(xh)).reinterpretAsInts();
            a6 = ((FloatVector) p.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o3 + SCALES)), a6);
            a7 = ((FloatVector) p.lanewise(ASHR, 16).convert(I2F, 0)).fma(FloatVector.broadcast(F, d.get(Layouts.FLOAT, o3 + SCALES + 4)), a7);
        }
        sink[0] += a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).lane(0);
    }

    private static void loadsOnly(MemorySegment d, int cols, float[] x, short[] x8, float[] sink, int pair, int apart) {
        int blocks = cols / Q8Matrix.BLOCK;
        long start = (long) pair * blocks * BLOCK_BYTES;
        long other = (long) apart * blocks * BLOCK_BYTES;
        IntVector a0 = IntVector.zero(I), a1 = a0, a2 = a0, a3 = a0;
        for (int b = 0; b < blocks; b++) {
            long o0 = start + (long) b * BLOCK_BYTES;
            a0 = a0.add(IntVector.fromMemorySegment(I, d, o0, Layouts.ORDER));
            a1 = a1.add(IntVector.fromMemorySegment(I, d, o0 + other, Layouts.ORDER));
            a2 = a2.add(IntVector.fromMemorySegment(I, d, o0 + 2 * other, Layouts.ORDER));
            a3 = a3.add(IntVector.fromMemorySegment(I, d, o0 + 3 * other, Layouts.ORDER));
        }
        sink[0] += a0.add(a1).add(a2).add(a3).lane(0);
    }
}
