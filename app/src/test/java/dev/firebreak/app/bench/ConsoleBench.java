package dev.firebreak.app.bench;

import dev.firebreak.app.ConsoleApp;
import dev.firebreak.app.ConsoleOptions;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The console under load, against itself idle, in one run: FX-thread CPU per pulse and per
 * second, layout time per pulse, process CPU, and heap after GC, first with a cluster of no nodes,
 * then with 50 nodes x 8 models updating every second (a {@link SyntheticAgent} in its own
 * process). The loaded console runs long enough to compare its heap after 1 and after N minutes.
 *
 * <p>{@code ConsoleBench [loaded-minutes] [report.md]}; run with
 * {@code ./mvnw -pl app -am -DskipTests -Pbench verify} (JavaFX's Headless platform, no display).
 */
public final class ConsoleBench {

    private static final int WARMUP_SECONDS = 15;
    private static final int MEASURE_SECONDS = 60;

    record Phase(String name, double seconds, long pulses, double fxCpuMillisPerPulse, double fxCpuShare,
                 double layoutMillisPerPulse, double processCpuShare, long heapAfterGcMiB) {
    }

    public static void main(String[] args) throws Exception {
        int loadedMinutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path report = Path.of(args.length > 1 ? args[1] : "docs/benchmarks/console.md");
        Platform.startup(() -> { });
        Platform.setImplicitExit(false);
        List<String> rows = new ArrayList<>();
        Phase idle;
        try (Agent agent = Agent.start(0, 0)) {
            idle = run("idle console (0 nodes)", agent.url, MEASURE_SECONDS);
        }
        List<Phase> loaded = new ArrayList<>();
        try (Agent agent = Agent.start(50, 8)) {
            loaded.addAll(runLong("50 nodes x 8 models at 1 Hz", agent.url, loadedMinutes));
        }
        rows.add(row(idle, null));
        for (Phase p : loaded) {
            rows.add(row(p, idle));
        }
        String text = "# Console under load\n\nMeasured by `./mvnw -pl app -am -DskipTests -Pbench verify` "
                + "(`dev.firebreak.app.bench.ConsoleBench`, JavaFX Headless platform, software rendering), "
                + "on " + Runtime.getRuntime().availableProcessors() + " cores. Each phase: " + WARMUP_SECONDS
                + " s warm-up, then the window measured. CPU shares are of one core.\n\n"
                + "| phase | pulses/s | FX CPU per pulse | FX thread busy | layout per pulse | process CPU | heap after GC |\n"
                + "|---|---|---|---|---|---|---|\n" + String.join("\n", rows) + "\n";
        Files.createDirectories(report.getParent());
        Files.writeString(report, text);
        System.out.println(text);
        Platform.exit();
        System.exit(0);
    }

    private static String row(Phase p, Phase baseline) {
        String ratio = baseline == null || baseline.processCpuShare() == 0 ? ""
                : String.format(Locale.ROOT, " (%.1fx idle)", p.processCpuShare() / baseline.processCpuShare());
        return String.format(Locale.ROOT, "| %s | %.1f | %.2f ms | %.1f%% | %.2f ms | %.1f%%%s | %d MiB |", p.name(),
                p.pulses() / p.seconds(), p.fxCpuMillisPerPulse(), 100 * p.fxCpuShare(), p.layoutMillisPerPulse(),
                100 * p.processCpuShare(), ratio, p.heapAfterGcMiB());
    }

    /** One console on {@code url}: warm up, then measure {@code seconds}. */
    private static Phase run(String name, String url, int seconds) throws Exception {
        Console console = Console.open(url);
        try {
            Thread.sleep(WARMUP_SECONDS * 1000L);
            return console.measure(name, seconds);
        } finally {
            console.close();
        }
    }

    private static List<Phase> runLong(String name, String url, int minutes) throws Exception {
        Console console = Console.open(url);
        List<Phase> phases = new ArrayList<>();
        try {
            Thread.sleep(WARMUP_SECONDS * 1000L);
            phases.add(console.measure(name + ", minute 1", MEASURE_SECONDS));
            if (minutes > 2) {
                Thread.sleep((minutes - 2) * 60_000L);
                phases.add(console.measure(name + ", minute " + minutes, MEASURE_SECONDS));
            }
        } finally {
            console.close();
        }
        return phases;
    }

    /** A console window on the FX platform, with pulse counters on its scene. */
    private static final class Console {
        final ConsoleApp app;
        final Stage stage;
        final long fxThreadId;
        final AtomicLong pulses = new AtomicLong();
        final AtomicLong layoutNanos = new AtomicLong();

        private Console(ConsoleApp app, Stage stage, long fxThreadId) {
            this.app = app;
            this.stage = stage;
            this.fxThreadId = fxThreadId;
        }

        static Console open(String url) throws Exception {
            Path config = Files.createTempDirectory("console-bench");
            ConsoleApp app = new ConsoleApp(new ConsoleOptions(url, "bench-token", 1, config));
            app.init();
            CompletableFuture<Console> opened = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    Stage stage = new Stage();
                    app.start(stage);
                    Console console = new Console(app, stage, Thread.currentThread().threadId());
                    long[] start = new long[1];
                    stage.getScene().addPreLayoutPulseListener(() -> start[0] = System.nanoTime());
                    stage.getScene().addPostLayoutPulseListener(() -> {
                        console.pulses.incrementAndGet();
                        console.layoutNanos.addAndGet(System.nanoTime() - start[0]);
                    });
                    opened.complete(console);
                } catch (RuntimeException e) {
                    opened.completeExceptionally(e);
                }
            });
            return opened.get();
        }

        Phase measure(String name, int seconds) throws InterruptedException {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long fx0 = threads.getThreadCpuTime(fxThreadId);
            long cpu0 = os.getProcessCpuTime();
            long p0 = pulses.get();
            long l0 = layoutNanos.get();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long elapsed = System.nanoTime() - t0;
            long n = Math.max(1, pulses.get() - p0);
            long fx = threads.getThreadCpuTime(fxThreadId) - fx0;
            long cpu = os.getProcessCpuTime() - cpu0;
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            Phase phase = new Phase(name, elapsed / 1e9, pulses.get() - p0, fx / 1e6 / n, (double) fx / elapsed,
                    (layoutNanos.get() - l0) / 1e6 / n, (double) cpu / elapsed, heap);
            System.out.println(phase);
            return phase;
        }

        void close() throws Exception {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    app.stop();
                    stage.close();
                } finally {
                    closed.complete(null);
                }
            });
            closed.get();
        }
    }

    /** The synthetic agent as a child process on the same classpath. */
    private record Agent(Process process, String url) implements AutoCloseable {
        static Agent start(int nodes, int models) throws IOException {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SyntheticAgent.class.getName(),
                    Integer.toString(nodes), Integer.toString(models)).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("LISTENING ")) {
                    return new Agent(p, line.substring("LISTENING ".length()));
                }
            }
            throw new IOException("the synthetic agent exited before listening");
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
