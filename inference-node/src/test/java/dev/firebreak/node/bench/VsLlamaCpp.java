package dev.firebreak.node.bench;

import dev.firebreak.node.engine.model.GgufModels;
import dev.firebreak.node.engine.model.LlamaConfig;
import dev.firebreak.node.engine.model.LoadedModel;
import dev.firebreak.node.engine.model.SyntheticWeights;
import dev.firebreak.node.engine.tensor.WeightType;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Firebreak's engine against llama.cpp on the same GGUF files, same machine, same run: llama.cpp
 * (node-llama-cpp 3.21.1's prebuilt CPU build) at 1 and 2 threads, the engine in this JVM, and a
 * node over HTTP streaming, taking turns round by round. Prints one table of our/llama.cpp ratios
 * (medians of the rounds; llama.cpp's better thread count per figure), the figures behind it, and
 * the machine's FMA peak and read bandwidth measured in the same run. A figure either side failed
 * to give has no ratio.
 *
 * <p>Arguments, each {@code key=value}: {@code sizes} (S60M,M250M,L1B), {@code types}
 * (Q8_0,Q4_0,F16), {@code rounds} (3, after one warm-up round), {@code generate} (128),
 * {@code dir} (target/vs-llamacpp), {@code threads} (llama.cpp's thread counts, 1,2), {@code limits}
 * (the machine's limits: quick, full or skip). Run: {@code inference-node/bench/vs-llamacpp.sh}.
 */
public final class VsLlamaCpp {

    private static final String TOKEN = "bench-token-0123456789";

    /**
     * @param backend what llama.cpp said about its CPU backend and weight buffers when it loaded the file
     * @param load the machine's load average (1, 5, 15 minutes) when the model's rounds began and ended
     */
    private record Row(Llama3Shape shape, WeightType type, Map<String, Figures> sides, String backend, String load) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("sizes", "S60M", "types", "Q8_0", "rounds", "3",
                "generate", "128", "dir", "target/vs-llamacpp", "limits", "quick", "threads", "1,2"));
        for (String arg : args) {
            for (String a : arg.trim().split("\\s+")) {
                if (a.isEmpty()) {
                    continue;
                }
                int eq = a.indexOf('=');
                if (eq < 0 || !options.containsKey(a.substring(0, eq))) {
                    throw new IllegalArgumentException("argument '" + a + "': expected one of " + options.keySet() + " as key=value");
                }
                options.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        Path dir = Path.of(options.get("dir")).toAbsolutePath();
        int rounds = Integer.parseInt(options.get("rounds"));
        int generate = Integer.parseInt(options.get("generate"));
        if (rounds < 3) {
            throw new IllegalArgumentException("rounds=" + rounds + ": the table is a median of at least 3 rounds");
        }
        Path script = Path.of(System.getProperty("vs.script", "bench/vs-llamacpp/llama-side.mjs")).toAbsolutePath();
        List<Integer> threads = Arrays.stream(options.get("threads").split(",")).map(String::trim).map(Integer::valueOf).toList();
        List<Row> rows = new ArrayList<>();
        try (LlamaCppSide llamaCpp = LlamaCppSide.start(dir, script)) {
            for (String size : options.get("sizes").split(",")) {
                for (String type : options.get("types").split(",")) {
                    rows.add(compare(llamaCpp, threads, Llama3Shape.valueOf(size.trim()), WeightType.valueOf(type.trim()), dir,
                            rounds, generate));
                    // The rows so far, in case a long run is stopped before the end.
                    Files.writeString(dir.resolve("report.md"), report(rows, null, rounds, generate, threads));
                }
            }
        }
        EngineReport.MachineLimits limits = options.get("limits").equals("skip") ? null
                : EngineReport.machineLimits(options.get("limits").equals("quick"));
        String report = report(rows, limits, rounds, generate, threads);
        Files.writeString(dir.resolve("report.md"), report);
        System.out.println();
        System.out.println(report);
    }

    private static Row compare(LlamaCppSide llamaCpp, List<Integer> threads, Llama3Shape shape, WeightType type, Path dir,
                               int rounds, int generate) throws Exception {
        LlamaConfig config = shape.config();
        String name = ("vs-" + shape + "-" + type).toLowerCase(Locale.ROOT);
        Path file = dir.resolve(name + ".gguf");
        if (!Files.exists(file)) {
            log("writing %s (%.0fM parameters)", file, config.parameters() / 1e6);
            Path partial = dir.resolve(name + ".gguf.partial");
            try (Arena arena = Arena.ofConfined()) {
                GgufModels.write(name, config, SyntheticWeights.generate(config, 1, type, arena), Llama3Shape.vocabulary(), partial);
            }
            Files.move(partial, file);
        }
        List<String> loads = new ArrayList<>(List.of(loadAverage()));
        Map<String, List<Figures>> byside = new LinkedHashMap<>();
        List<String> sides = new ArrayList<>();
        threads.forEach(t -> sides.add(llamaSide(t)));
        sides.addAll(List.of("engine in-process", "node over HTTP"));
        sides.forEach(s -> byside.put(s, new ArrayList<>()));
        String loadError = null;
        String backend = "";
        try {
            backend = llamaCpp.load(file).path("backend").asText();
        } catch (Exception e) {
            loadError = e.getMessage();
        }
        long kvBytes = Math.max(64L << 20, 2L * Workload.SEQUENCES * (128 + generate + 16) * config.kvBytesPerToken());
        try (LoadedModel ours = GgufModels.load(file);
             NodeProcess node = NodeProcess.start(List.of("-Xmx2g"), List.of("--model-file", file.toString(),
                     "--kv-memory", (kvBytes >> 20) + "MiB", "--max-running", Integer.toString(Workload.SEQUENCES),
                     "--warm-up", "0", "--control-token", TOKEN))) {
            InProcessSide engine = new InProcessSide(ours);
            HttpSide http = new HttpSide(node.url(), ours.name());
            for (int round = 0; round <= rounds; round++) {
                Workload w = Workload.round(round, generate);
                // Each round starts with another side, so none is always first after the others' work.
                for (int k = 0; k < sides.size(); k++) {
                    String side = sides.get((k + round) % sides.size());
                    long start = System.nanoTime();
                    Figures f = switch (side) {
                        case "engine in-process" -> engine.measure(w);
                        case "node over HTTP" -> http.measure(w);
                        default -> loadError != null ? Figures.failed(loadError)
                                : llamaCpp.measure(threads.get(sides.indexOf(side)), w);
                    };
                    log("%s %s round %d%s, %s: %s (%.1f s)", shape, type, round, round == 0 ? " (warm-up)" : "", side, f,
                            (System.nanoTime() - start) / 1e9);
                    if (round > 0) {
                        byside.get(side).add(f);
                    }
                }
            }
        }
        loads.add(loadAverage());
        Map<String, Figures> medians = new LinkedHashMap<>();
        byside.forEach((side, list) -> medians.put(side, Figures.median(list)));
        return new Row(shape, type, medians, backend, String.join(" -> ", loads));
    }

    private static String report(List<Row> rows, EngineReport.MachineLimits limits, int rounds, int generate,
                                 List<Integer> threads) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "## Firebreak against llama.cpp (%s, CPU), same GGUF files, %d cores%n%n",
                LlamaCppSide.PACKAGE, Runtime.getRuntime().availableProcessors()));
        out.append(String.format(Locale.ROOT, "Ratios our/llama.cpp, higher is better (time to first token: llama.cpp's over ours);"
                + " medians of %d rounds after a warm-up round; llama.cpp's best thread count per figure (threads: %s)."
                + " Decode: %d greedy tokens after a 128-token prompt. Batched: %d sequences of 128 prompt + %d generated tokens at once.%n%n",
                rounds, threads, generate, Workload.SEQUENCES, generate));
        out.append("| model | weights | ours | prefill 128 | prefill 512 | decode | time to first token | batched 16 | bars missed |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        List<String> failures = new ArrayList<>();
        for (Row row : rows) {
            Figures llama = row.sides().entrySet().stream().filter(e -> e.getKey().startsWith("llama.cpp"))
                    .map(Map.Entry::getValue).reduce(Figures::best).orElseThrow();
            for (String ours : List.of("engine in-process", "node over HTTP")) {
                Figures our = row.sides().get(ours);
                List<String> missed = new ArrayList<>();
                String label = row.shape() + " " + row.type() + " " + ours;
                out.append(String.format(Locale.ROOT, "| %s (%.0fM) | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        row.shape(), row.shape().config().parameters() / 1e6, row.type(), ours,
                        ratio(our, llama, Figures::prefill128, prefillBar(row), "prefill 128", missed, failures, label),
                        ratio(our, llama, Figures::prefill512, prefillBar(row), "prefill 512", missed, failures, label),
                        ratio(our, llama, Figures::decode, row.type() == WeightType.F16 || row.type() == WeightType.F32 ? 0 : 1.5,
                                "decode", missed, failures, label),
                        inverseRatio(our, llama, missed, failures, label),
                        ratio(our, llama, Figures::batched, 2.0, "batched", missed, failures, label),
                        missed.isEmpty() ? "none" : String.join("; ", missed)));
            }
        }
        out.append("\nBars: decode 1.5x (Q8_0, Q4_0), prefill 1.2x (Q8_0 at 250M and up), batched 2x.\n");
        if (!failures.isEmpty()) {
            out.append("\nNo ratio where a side failed:\n");
            failures.stream().distinct().forEach(f -> out.append("- ").append(f).append('\n'));
        }
        out.append("\n### The figures behind the ratios (medians)\n\n");
        out.append("| model | weights | side | prefill 128 (tok/s) | prefill 512 (tok/s) | decode (tok/s) | time to first token (ms) | batched 16 (tok/s) |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            row.sides().forEach((side, f) -> out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    row.shape(), row.type(), side, figure(f, Figures::prefill128, "%.0f"), figure(f, Figures::prefill512, "%.0f"),
                    figure(f, Figures::decode, "%.1f"), figure(f, Figures::ttftMs, "%.1f"), figure(f, Figures::batched, "%.0f"))));
        }
        out.append("\nThe machine's load average (1, 5, 15 min) when each model's rounds began and ended, and llama.cpp's"
                + " CPU backend and weight buffers as it logged them:\n");
        rows.forEach(row -> out.append("- ").append(row.shape()).append(' ').append(row.type()).append(": load ")
                .append(row.load()).append("; ").append(row.backend().isEmpty() ? "backend not logged" : row.backend())
                .append('\n'));
        if (limits != null) {
            out.append(String.format(Locale.ROOT, "%nMachine, measured in this run (EngineReport's MachineBench): FMA peak of one core"
                    + " %.1f GFLOPS, read bandwidth of %d threads %.1f GB/s.%n", limits.peakGflops(),
                    Runtime.getRuntime().availableProcessors(), limits.readGBs()));
        }
        return out.toString();
    }

    private static String llamaSide(int threads) {
        return "llama.cpp " + threads + (threads == 1 ? " thread" : " threads");
    }

    /** The first three figures of /proc/loadavg, or "unknown" where there is none. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double prefillBar(Row row) {
        return row.type() == WeightType.Q8_0 && row.shape() != Llama3Shape.S60M ? 1.2 : 0;
    }

    private static String ratio(Figures our, Figures llama, Function<Figures, Double> figure, double bar, String what,
                                List<String> missed, List<String> failures, String label) {
        Double a = our.ok() ? figure.apply(our) : null;
        Double b = llama.ok() ? figure.apply(llama) : null;
        if (a == null || b == null) {
            failures.add(label + ", " + what + ": " + (!our.ok() ? our.error() : !llama.ok() ? llama.error() : "not measured"));
            return "n/a (failed)";
        }
        return withBar(a / b, bar, what, missed);
    }

    private static String inverseRatio(Figures our, Figures llama, List<String> missed, List<String> failures, String label) {
        Double a = our.ok() ? our.ttftMs() : null;
        Double b = llama.ok() ? llama.ttftMs() : null;
        if (a == null || b == null) {
            failures.add(label + ", time to first token: " + (!our.ok() ? our.error() : !llama.ok() ? llama.error() : "not measured"));
            return "n/a (failed)";
        }
        return withBar(b / a, 0, "time to first token", missed);
    }

    private static String withBar(double ratio, double bar, String what, List<String> missed) {
        String text = String.format(Locale.ROOT, "%.2fx", ratio);
        if (bar > 0 && ratio < bar) {
            missed.add(String.format(Locale.ROOT, "%s %.2fx < %.1fx (short by %.0f%%)", what, ratio, bar, 100 * (1 - ratio / bar)));
            return text + " (bar " + bar + "x)";
        }
        return text;
    }

    private static String figure(Figures f, Function<Figures, Double> figure, String format) {
        if (!f.ok()) {
            return "failed";
        }
        Double v = figure.apply(f);
        return v == null ? "n/a" : String.format(Locale.ROOT, format, v);
    }

    private static void log(String format, Object... args) {
        System.err.println("[vs-llamacpp] " + String.format(Locale.ROOT, format, args));
    }

    private VsLlamaCpp() {
    }

}
