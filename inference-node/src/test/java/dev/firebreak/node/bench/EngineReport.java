package dev.firebreak.node.bench;

import dev.firebreak.node.engine.model.Preset;
import dev.firebreak.node.engine.model.SyntheticWeights;
import dev.firebreak.node.engine.tensor.Kernels;
import dev.firebreak.node.engine.tensor.WeightMatrix;
import dev.firebreak.node.engine.tensor.WeightType;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;

/**
 * Runs the engine benchmarks in one go and prints each kernel as a share of what this machine
 * can do, measured in the same run: the FMA peak of one core and the memory read bandwidth.
 */
public final class EngineReport {

    private final boolean quick;
    private final boolean kernelsOnly;
    private final List<String> lines = new ArrayList<>();

    private EngineReport(boolean quick, boolean kernelsOnly) {
        this.quick = quick;
        this.kernelsOnly = kernelsOnly;
    }

    /** Arguments: {@code quick} (fewer iterations), {@code kernels} (skip the whole-model section). */
    public static void main(String[] args) throws RunnerException {
        List<String> flags = Arrays.stream(args).flatMap(a -> Arrays.stream(a.split("[ ,]+"))).toList();
        new EngineReport(flags.contains("quick"), flags.contains("kernels")).run();
    }

    private void run() throws RunnerException {
        int cores = Runtime.getRuntime().availableProcessors();
        int lanes = Kernels.F.length();
        MachineLimits limits = machineLimits();
        double peakGflops = limits.peakGflops();
        double readGBs = limits.readGBs();

        line("## Machine (measured in this run)");
        line("| limit | value |");
        line("|---|---|");
        line("| FMA peak, one core (%d-lane %s vectors) | %.1f GFLOPS |", lanes, Kernels.F.vectorShape(), peakGflops);
        line("| memory read bandwidth, %d threads | %.1f GB/s |", cores, readGBs);
        line("");
        line("## Kernels");
        line("Matrix-vector shares are against the read bandwidth of the same seconds: calls and passes of the read"
                + " bandwidth take turns (InterleavedBandwidth); each iteration's fastest call against its fastest pass,"
                + " the median of the iterations then their range, and the median share of their means.");
        line("");
        line("| kernel | weights | result | share of the machine's limit | bar |");
        line("|---|---|---|---|---|");
        double mmFlops = 2.0 * KernelBench.MM_ROWS * KernelBench.MM_COLS * KernelBench.MM_TOKENS;
        Collection<RunResult> mm1 = bench(KernelBench.class, "matMul", 1);
        Collection<RunResult> mmAll = bench(KernelBench.class, "matMulPaired", cores);
        for (RunResult one : mm1) {
            String type = one.getParams().getParam("type");
            double gflops = mmFlops / score(one);
            RunResult all = byParam(mmAll, "type", type);
            line("| matrix-matrix %dx%d x %d tokens, 1 core | %s | %.1f GFLOPS (median %.1f) | %.0f%% of FMA peak | 50%% |",
                    KernelBench.MM_ROWS, KernelBench.MM_COLS, KernelBench.MM_TOKENS, type, gflops, mmFlops / median(one),
                    100 * gflops / peakGflops);
            line("| matrix-matrix, %d cores vs 1 | %s | %s speedup in the same seconds (separate runs: %.2fx) | | 1.7x |",
                    cores, type, medianAndRange(paired(all, i -> secondary(i, "oneCoreNanos") / i.getPrimaryResult().getScore()), "%.2fx"),
                    score(one) / score(all));
        }
        Collection<RunResult> mvShares = bench(KernelBench.class, "matVecShare", cores);
        for (RunResult mv : bench(KernelBench.class, "matVec", cores)) {
            WeightType type = WeightType.valueOf(mv.getParams().getParam("type"));
            long bytes = WeightMatrix.loadedBytes(type, KernelBench.MV_ROWS, KernelBench.MV_COLS);
            double gbs = bytes / score(mv);
            line("| matrix-vector %dx%d, %d threads | %s | %.1f GB/s (median %.1f) | %s | 80%% |",
                    KernelBench.MV_ROWS, KernelBench.MV_COLS, cores, type, gbs, bytes / median(mv),
                    shareOfSameSeconds(byParam(mvShares, "type", type.name()), bytes));
        }
        for (RunResult mv : bench(KernelBench.class, "matVecInCache", 1)) {
            WeightType type = WeightType.valueOf(mv.getParams().getParam("type"));
            long bytes = WeightMatrix.loadedBytes(type, KernelBench.CACHED_ROWS, KernelBench.CACHED_COLS);
            line("| matrix-vector %dx%d, matrix in L2, 1 thread | %s | %.1f GB/s (median %.1f) | the kernel's own speed, without memory | |",
                    KernelBench.CACHED_ROWS, KernelBench.CACHED_COLS, type, bytes / score(mv), bytes / median(mv));
        }
        if (!kernelsOnly) {
            models(cores);
        }
        System.out.println();
        lines.forEach(System.out::println);
    }

    /** The FMA peak of one core and the read bandwidth of every core, as this report measures them. */
    record MachineLimits(double peakGflops, double readGBs) {
    }

    /** The machine's limits, measured now ({@code quick}: fewer iterations). */
    static MachineLimits machineLimits(boolean quick) throws RunnerException {
        return new EngineReport(quick, true).machineLimits();
    }

    private MachineLimits machineLimits() throws RunnerException {
        double fmaNs = score(only(bench(MachineBench.class, "fmaPeak", 1)));
        double bandwidthNs = score(only(bench(MachineBench.class, "readBandwidth", Runtime.getRuntime().availableProcessors())));
        return new MachineLimits((double) MachineBench.FMA_ITERATIONS * MachineBench.CHAINS * Kernels.F.length() * 2 / fmaNs,
                MachineBench.BUFFER_BYTES / bandwidthNs);
    }

    /**
     * The models. Decode's share of read bandwidth is against the bandwidth of the same seconds
     * (slices of tokens and passes of the read bandwidth take turns); its speed is measured on its
     * own. Decode is also run with F32 weights, whose kernel needs far less compute per byte than
     * Q8_0's, to show the share decode reaches where memory is the only limit.
     */
    private void models(int cores) throws RunnerException {
        line("");
        line("## Models (synthetic presets; .gguf = the same written to GGUF and memory-mapped; %d threads)", cores);
        line("| model | weights | prefill (%d-token prompt) | decode (median) | decode bandwidth | share of read bandwidth in the same seconds (bar 75%%) |",
                ModelBench.PROMPT);
        line("|---|---|---|---|---|---|");
        Collection<RunResult> prefill = bench(ModelBench.class, "prefill", cores);
        Collection<RunResult> decode = bench(ModelBench.class, "decode", cores);
        Collection<RunResult> shares = bench(ModelBench.class, "decodeShare", cores);
        for (RunResult p : prefill) {
            String model = p.getParams().getParam("model");
            decodeLine(model, p.getParams().getParam("type"), String.format(Locale.ROOT, "%.0f tok/s",
                    ModelBench.PROMPT / score(p) * 1e9), byParam(decode, "model", model), byParam(shares, "model", model));
        }
        Map<String, String[]> f32 = Map.of("model", new String[] {"small", "medium"}, "type", new String[] {"F32"});
        Collection<RunResult> f32Shares = bench(ModelBench.class, "decodeShare", cores, f32);
        for (RunResult d : bench(ModelBench.class, "decode", cores, f32)) {
            String model = d.getParams().getParam("model");
            decodeLine(model, "F32", "not run", d, byParam(f32Shares, "model", model));
        }
    }

    private void decodeLine(String model, String typeName, String prefill, RunResult decode, RunResult share) {
        Preset preset = ModelBench.preset(model);
        long bytes = weightBytes(preset, WeightType.valueOf(typeName));
        double decodeNs = score(decode);
        line("| %s (%.0fM params) | %s | %s | %.1f tok/s (%.1f) | %.1f GB/s | %s |",
                model, preset.config().parameters() / 1e6, typeName, prefill, 1e9 / decodeNs, 1e9 / median(decode),
                bytes / decodeNs, shareOfSameSeconds(share, bytes));
    }

    /**
     * A call's share of the read bandwidth of the same seconds ({@link InterleavedBandwidth}):
     * each iteration's fastest call ({@code bytesPerCall} over its time) against its fastest pass,
     * the median then the range; then the median of the same share of their means.
     */
    private static String shareOfSameSeconds(RunResult result, double bytesPerCall) {
        String ofBests = medianAndRange(paired(result,
                i -> 100 * bytesPerCall / secondary(i, "fastestCallNanos") / secondary(i, "fastestReadGBs")), "%.0f%%");
        double[] ofMeans = paired(result, i -> 100 * bytesPerCall / secondary(i, "meanCallNanos") / secondary(i, "meanReadGBs"));
        return String.format(Locale.ROOT, "%s; of means %.0f%%", ofBests, median(ofMeans));
    }

    /** {@code ratio} of each measured iteration, across forks, sorted. */
    private static double[] paired(RunResult result, ToDoubleFunction<IterationResult> ratio) {
        return result.getBenchmarkResults().stream()
                .flatMap(b -> b.getIterationResults().stream())
                .mapToDouble(ratio)
                .sorted()
                .toArray();
    }

    private static double secondary(IterationResult iteration, String name) {
        Result<?> result = iteration.getSecondaryResults().get(name);
        if (result == null) {
            throw new IllegalStateException("no " + name + " with the iteration; its benchmark must take the paired state");
        }
        return result.getScore();
    }

    /** The median of sorted values, then their range, each in {@code format}. */
    private static String medianAndRange(double[] sorted, String format) {
        return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", median(sorted), sorted[0],
                sorted[sorted.length - 1]);
    }

    private static double median(double[] sorted) {
        return (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
    }

    private static long weightBytes(Preset preset, WeightType type) {
        try (Arena arena = Arena.ofConfined()) {
            return SyntheticWeights.generate(preset.config(), 1, type, arena).bytesPerToken();
        }
    }

    private Collection<RunResult> bench(Class<?> benchmark, String method, int threads) throws RunnerException {
        return bench(benchmark, method, threads, Map.of());
    }

    /** Runs one benchmark method on {@code threads} kernel threads, {@code params} overriding its {@code @Param} values. */
    private Collection<RunResult> bench(Class<?> benchmark, String method, int threads, Map<String, String[]> params)
            throws RunnerException {
        // Six warm-up seconds: the register-tiled matrix-matrix kernel reached its steady speed only
        // after 3-4 s of C2 compilation (seen: 56 ms a call in the fourth second, 3.5 ms from the sixth).
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(benchmark.getName() + "." + method + "$")
                .forks(2)
                .warmupIterations(quick ? 2 : 6).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 5).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "-Xmx8g",
                        "-Dfirebreak.threads=" + threads);
        params.forEach(options::param);
        return new Runner(options.build()).run();
    }

    private static RunResult only(Collection<RunResult> results) {
        return results.iterator().next();
    }

    private static RunResult byParam(Collection<RunResult> results, String param, String value) {
        return results.stream().filter(r -> value.equals(r.getParams().getParam(param))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result with " + param + "=" + value));
    }

    /**
     * Nanoseconds per call in the fastest measured iteration (each a second of calls), across forks.
     * This shared machine's neighbours only ever slow an iteration down, and a fork whose JIT
     * compiled a kernel less well only ever slows it down too; the machine's limits are taken the
     * same way, from as many forks and iterations, so the shares compare like with like.
     */
    private static double score(RunResult result) {
        return iterations(result).min().orElseThrow();
    }

    /** Nanoseconds per call in the median measured iteration, across forks: printed next to the best. */
    private static double median(RunResult result) {
        return median(iterations(result).sorted().toArray());
    }

    private static DoubleStream iterations(RunResult result) {
        List<Double> scores = result.getBenchmarkResults().stream()
                .flatMap(b -> b.getIterationResults().stream())
                .map(i -> i.getPrimaryResult().getScore())
                .toList();
        if (scores.isEmpty()) {
            throw new IllegalStateException("no measured iteration in " + result.getParams());
        }
        return scores.stream().mapToDouble(Double::doubleValue);
    }

    private void line(String format, Object... args) {
        lines.add(String.format(Locale.ROOT, format, args));
    }
}
