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
 * then with 50 nodes x 8 models and with 200 nodes x 10 models updating every second (a {@link SyntheticAgent} in its own
 * process), on the overview and then on each of the tabs with the most rows. The loaded console runs long enough to compare its heap after 1 and after N minutes.
 *
 * <p>{@code ConsoleBench [loaded-minutes] [report.md]}; run with
 * {@code ./mvnw -pl app -am -DskipTests -Pconsole-bench verify} (JavaFX's Headless platform, no display).
 */
public final class ConsoleBench {

    private static final int WARMUP_SECONDS = 15;
    private static final int MEASURE_SECONDS = 60;
    private static final int TAB_SECONDS = 30;

    /**
     * @param fxCpuMedianMillis the median of the FX thread's CPU from one pulse to the next (the pulse
     *                          and the updates run between)
     * @param layoutMaxMillis   the longest layout of one pulse in the window, in FX-thread CPU time
     * @param layoutWallP99Millis the p99 of layout in elapsed time, which on a busy machine includes
     *                          the time the FX thread waited for a core
     */
    record Phase(String name, double seconds, long pulses, double fxCpuMillisPerPulse, double fxCpuShare,
                 double layoutMillisPerPulse, double processCpuShare, long heapAfterGcMiB, double fxCpuMedianMillis,
                 double layoutP99Millis, double layoutMaxMillis, double layoutWallP99Millis) {
    }

    /** {@code -Dbench.tabs=Nodes,Models}: the tabs measured after the overview (default all three). {@code -Dbench.slowPulseMillis=N}: each measured pulse whose layout took more CPU than N ms is printed with its time, to find it in a profile. */
    private static final long SLOW_PULSE_NANOS = (long) (Double.parseDouble(System.getProperty("bench.slowPulseMillis", "16")) * 1e6);

    public static void main(String[] args) throws Exception {
        int loadedMinutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path report = Path.of(args.length > 1 ? args[1] : "docs/benchmarks/console.md");
        Platform.startup(() -> { });
        Platform.setImplicitExit(false);
        // A third argument, NODESxMODELS, runs only that loaded phase (for a profile), with no idle baseline.
        boolean only = args.length > 2;
        List<String> rows = new ArrayList<>();
        Phase idle = null;
        if (!only) {
            try (Agent agent = Agent.start(0, 0)) {
                idle = run("idle console (0 nodes)", agent.url, MEASURE_SECONDS);
            }
        }
        List<Phase> loaded = new ArrayList<>();
        if (!only) {
            try (Agent agent = Agent.start(50, 8)) {
                loaded.add(run("50 nodes x 8 models at 1 Hz", agent.url, MEASURE_SECONDS));
            }
        }
        int[] size = only ? java.util.Arrays.stream(args[2].split("x")).mapToInt(Integer::parseInt).toArray() : new int[] {200, 10};
        try (Agent agent = Agent.start(size[0], size[1])) {
            loaded.addAll(runLong(size[0] + " nodes x " + size[1] + " models at 1 Hz", agent.url, loadedMinutes));
        }
        if (idle != null) {
            rows.add(row(idle, null));
        }
        for (Phase p : loaded) {
            rows.add(row(p, idle));
        }
        String text = "# Console under load\n\nMeasured by `./mvnw -pl app -am -DskipTests -Pconsole-bench verify` "
                + "(`dev.firebreak.app.bench.ConsoleBench`, JavaFX Headless platform, software rendering), "
                + "on " + Runtime.getRuntime().availableProcessors() + " cores. Each phase: " + WARMUP_SECONDS
                + " s warm-up, then the window measured. CPU shares are of one core. FX CPU per pulse: the FX"
                + " thread's CPU from one pulse to the next (the pulse and the updates between), mean and median;"
                + " layout: the FX thread's CPU from a pulse's pre-layout to its post-layout listener (CPU time, not"
                + " elapsed: this machine is shared, and a thread waiting for a core is not the console's cost), mean,"
                + " p99 and longest, and the p99 of the elapsed time."
                + " Bars for 200 nodes x 10 models: median FX CPU per pulse at most 4 ms, no layout over 16 ms"
                + " after warm-up.\n\n"
                + "| phase | pulses/s | FX CPU per pulse (mean / median) | FX thread busy | layout CPU per pulse (mean / p99 / max) "
                + "| layout elapsed p99 | process CPU | heap after GC |\n"
                + "|---|---|---|---|---|---|---|---|\n" + String.join("\n", rows) + "\n";
        Files.createDirectories(report.getParent());
        Files.writeString(report, text);
        System.out.println(text);
        Platform.exit();
        System.exit(0);
    }

    private static String row(Phase p, Phase baseline) {
        String ratio = baseline == null || baseline.processCpuShare() == 0 ? ""
                : String.format(Locale.ROOT, " (%.1fx idle)", p.processCpuShare() / baseline.processCpuShare());
        return String.format(Locale.ROOT, "| %s | %.1f | %.2f / %.2f ms | %.1f%% | %.2f / %.2f / %.2f ms | %.1f ms | %.1f%%%s | %d MiB |",
                p.name(), p.pulses() / p.seconds(), p.fxCpuMillisPerPulse(), p.fxCpuMedianMillis(), 100 * p.fxCpuShare(),
                p.layoutMillisPerPulse(), p.layoutP99Millis(), p.layoutMaxMillis(), p.layoutWallP99Millis(),
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

    /**
     * The loaded console measured at minute 1, at minute 6 (its five minutes of chart history are
     * full from then on: what it holds is bounded), and at the last minute; heap growth between
     * the last two is what a leak would show.
     */
    private static List<Phase> runLong(String name, String url, int minutes) throws Exception {
        Console console = Console.open(url);
        List<Phase> phases = new ArrayList<>();
        long start = System.nanoTime();
        try {
            Thread.sleep(WARMUP_SECONDS * 1000L);
            phases.add(console.measure(name + ", minute 1", MEASURE_SECONDS));
            // The tabs with the most rows, each on screen in turn (a hidden tab takes no updates).
            for (String tab : System.getProperty("bench.tabs", "Nodes,Models,Breakers").split(",")) {
                console.show("tab-" + tab.toLowerCase(Locale.ROOT));
                Thread.sleep(5_000);
                phases.add(console.measure(name + ", " + tab + " tab", TAB_SECONDS));
            }
            console.show("tab-overview");
            for (int minute : new java.util.TreeSet<>(List.of(Math.min(6, minutes), minutes))) {
                if (minute < 2) {
                    continue;
                }
                long waitMillis = (minute - 1) * 60_000L - (System.nanoTime() - start) / 1_000_000;
                Thread.sleep(Math.max(0, waitMillis));
                phases.add(console.measure(name + ", minute " + minute, MEASURE_SECONDS));
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
        /** Per pulse in the window being measured: layout nanoseconds and FX CPU nanoseconds since the pulse before. */
        final List<long[]> perPulse = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile boolean recording;

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
                    long[] start = new long[2];
                    long[] cpuAt = {ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()};
                    stage.getScene().addPreLayoutPulseListener(() -> {
                        start[0] = System.nanoTime();
                        start[1] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    });
                    stage.getScene().addPostLayoutPulseListener(() -> {
                        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                        console.pulses.incrementAndGet();
                        console.layoutNanos.addAndGet(cpu - start[1]);
                        if (console.recording) {
                            console.perPulse.add(new long[] {cpu - start[1], cpu - cpuAt[0], System.nanoTime() - start[0]});
                            if (cpu - start[1] > SLOW_PULSE_NANOS) {
                                System.out.printf(Locale.ROOT, "slow pulse at %tT.%<tL: layout %.2f ms CPU, %.2f ms elapsed%n",
                                        System.currentTimeMillis(), (cpu - start[1]) / 1e6, (System.nanoTime() - start[0]) / 1e6);
                            }
                        }
                        cpuAt[0] = cpu;
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
            perPulse.clear();
            recording = true;
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long elapsed = System.nanoTime() - t0;
            recording = false;
            long[] layouts;
            long[] cpus;
            long[] walls;
            synchronized (perPulse) {
                layouts = perPulse.stream().mapToLong(p -> p[0]).sorted().toArray();
                cpus = perPulse.stream().mapToLong(p -> p[1]).sorted().toArray();
                walls = perPulse.stream().mapToLong(p -> p[2]).sorted().toArray();
            }
            long n = Math.max(1, pulses.get() - p0);
            long fx = threads.getThreadCpuTime(fxThreadId) - fx0;
            long cpu = os.getProcessCpuTime() - cpu0;
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            Phase phase = new Phase(name, elapsed / 1e9, pulses.get() - p0, fx / 1e6 / n, (double) fx / elapsed,
                    (layoutNanos.get() - l0) / 1e6 / n, (double) cpu / elapsed, heap, at(cpus, 0.5), at(layouts, 0.99),
                    at(layouts, 1.0), at(walls, 0.99));
            System.out.println(phase);
            return phase;
        }

        /** The {@code q} quantile of sorted nanoseconds, in milliseconds (0 for none). */
        private static double at(long[] sortedNanos, double q) {
            if (sortedNanos.length == 0) {
                return 0;
            }
            return sortedNanos[Math.min(sortedNanos.length - 1, (int) Math.ceil(q * sortedNanos.length) - 1 < 0 ? 0
                    : (int) Math.ceil(q * sortedNanos.length) - 1)] / 1e6;
        }

        /** Selects the tab {@code id} of the cluster, as a click would. */
        void show(String id) throws Exception {
            CompletableFuture<Void> shown = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    var tabs = (javafx.scene.control.TabPane) stage.getScene().lookup("#cluster-tabs");
                    tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().ifPresent(tabs.getSelectionModel()::select);
                    shown.complete(null);
                } catch (RuntimeException e) {
                    shown.completeExceptionally(e);
                }
            });
            shown.get();
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
