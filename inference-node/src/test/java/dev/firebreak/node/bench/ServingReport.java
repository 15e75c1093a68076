package dev.firebreak.node.bench;

import dev.firebreak.node.NodeMain;
import dev.firebreak.node.engine.batch.Engine;
import dev.firebreak.node.engine.batch.FinishReason;
import dev.firebreak.node.engine.batch.GenerationRequest;
import dev.firebreak.node.engine.batch.ModelScheduler;
import dev.firebreak.node.engine.batch.ModelStats;
import dev.firebreak.node.engine.batch.SchedulerLimits;
import dev.firebreak.node.engine.batch.TokenSink;
import dev.firebreak.node.engine.kv.KvBlockPool;
import dev.firebreak.node.engine.kv.ModelKv;
import dev.firebreak.node.engine.kv.ModelKvLayout;
import dev.firebreak.node.engine.model.LoadedModel;
import dev.firebreak.node.engine.sampling.SamplingParams;
import dev.firebreak.node.engine.tensor.WeightType;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The serving benchmarks of issue 4, each against its baseline in the same run: continuous batching
 * against one request at a time, paged KV memory against a contiguous max-length cache, paged
 * attention against contiguous attention, and a node's resident memory against weights + KV pool.
 * Run: {@code ./mvnw -pl inference-node -DskipTests -Pbench -Dbench.main=dev.firebreak.node.bench.ServingReport verify}
 */
public final class ServingReport {

    private static final int REQUESTS = 48;
    private static final int BLOCK = 16;

    record Work(int[] prompt, int maxTokens) {
    }

    private final List<String> lines = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new ServingReport().run();
    }

    private void run() throws Exception {
        List<Work> work = workload();
        try (LoadedModel model = LoadedModel.preset("tiny-chat", WeightType.Q8_0)) {
            Run sequential = serve(model, work, new SchedulerLimits(1, 256, 1000));
            Run batched = serve(model, work, new SchedulerLimits(16, 256, 1000));
            int context = model.config().contextLength();
            line("## Serving (tiny preset, Q8_0, %d requests: prompts 16-256 tokens, 16-128 new tokens)", REQUESTS);
            line("| measure | Firebreak | baseline in the same run | ratio | bar |");
            line("|---|---|---|---|---|");
            line("| generation throughput | %.0f tok/s, continuous batching (16 running) | %.0f tok/s, one request at a time | %.2fx | |",
                    batched.tokensPerSecond(), sequential.tokensPerSecond(), batched.tokensPerSecond() / sequential.tokensPerSecond());
            line("| outputs identical to one-at-a-time | %s | | | must be yes |", batched.texts().equals(sequential.texts()) ? "yes" : "NO");
            long tokens = 0;
            long paged = 0;
            long reserved = 0;
            for (int i = 0; i < work.size(); i++) {
                int length = work.get(i).prompt().length + batched.completions().get(i);
                tokens += length;
                paged += (long) Math.ceilDiv(length, BLOCK) * BLOCK;
                reserved += work.get(i).prompt().length + work.get(i).maxTokens();
            }
            line("| KV slots holding real tokens | %.1f%% paged (%d-token blocks) | %.1f%% contiguous at max length (%d); %.1f%% reserving prompt + max_tokens | | paged >= 96%% |",
                    100.0 * tokens / paged, BLOCK, 100.0 * tokens / ((long) context * work.size()), context, 100.0 * tokens / reserved);
        }
        attention();
        memory();
        System.out.println();
        lines.forEach(System.out::println);
    }

    private static List<Work> workload() {
        SplittableRandom random = new SplittableRandom(2026);
        List<Work> work = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            int[] prompt = new int[16 + random.nextInt(241)];
            for (int j = 0; j < prompt.length; j++) {
                prompt[j] = 32 + random.nextInt(90);
            }
            work.add(new Work(prompt, 16 + random.nextInt(113)));
        }
        return work;
    }

    record Run(double tokensPerSecond, List<String> texts, List<Integer> completions) {
    }

    private static Run serve(LoadedModel model, List<Work> work, SchedulerLimits limits) throws InterruptedException {
        return serve(model, work, limits, i -> new SamplingParams(0.8f, 0.95f, i));
    }

    /** Serves {@code work} all at once in one engine, request i sampled with {@code sampling.apply(i)}; KV blocks for all of it. */
    static Run serve(LoadedModel model, List<Work> work, SchedulerLimits limits, IntFunction<SamplingParams> sampling)
            throws InterruptedException {
        ModelKvLayout layout = ModelKvLayout.of(model.config(), BLOCK);
        int blocks = work.stream().mapToInt(w -> Math.ceilDiv(w.prompt().length + w.maxTokens(), BLOCK)).sum() + 16;
        try (KvBlockPool pool = new KvBlockPool(BLOCK, layout.blockBytes(), blocks, KvBlockPool.Isolation.SHARED, new int[] {blocks});
             Engine engine = new Engine(List.of(new ModelScheduler(model, new ModelKv(pool, 0, layout), limits,
                     InstantSource.system(), new ModelStats())))) {
            List<StringBuilder> texts = new ArrayList<>();
            List<Integer> completions = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(work.size());
            long start = System.nanoTime();
            for (int i = 0; i < work.size(); i++) {
                StringBuilder text = new StringBuilder();
                texts.add(text);
                completions.add(0);
                int index = i;
                engine.submit(model.name(), new GenerationRequest("r" + i, work.get(i).prompt(), work.get(i).maxTokens(),
                        sampling.apply(index), List.of(), System.currentTimeMillis() + 3_600_000, new TokenSink() {
                    @Override
                    public void onText(String t) {
                        text.append(t);
                    }

                    @Override
                    public void onFinish(FinishReason reason, int promptTokens, int completionTokens) {
                        completions.set(index, completionTokens);
                        done.countDown();
                    }

                    @Override
                    public void onError(String code, String message) {
                        done.countDown();
                    }
                }));
            }
            done.await();
            double seconds = (System.nanoTime() - start) / 1e9;
            int generated = completions.stream().mapToInt(Integer::intValue).sum();
            return new Run(generated / seconds, texts.stream().map(StringBuilder::toString).toList(), completions);
        }
    }

    private void attention() throws Exception {
        Map<String, Double> byCache = nanosByParam(AttentionBench.class, "cache");
        double paged = byCache.get("paged");
        double contiguous = byCache.get("contiguous");
        line("| attention, one layer, %d sequences at position %d (small preset) | %.0f us paged | %.0f us contiguous | %.2fx | within 1.3x |",
                AttentionBench.SEQUENCES, AttentionBench.POSITION, paged / 1000, contiguous / 1000, paged / contiguous);
        Map<String, Double> byThreads = nanosByParam(MqaAttentionBench.class, "threads");
        double all = byThreads.get("all");
        double calling = byThreads.get("calling");
        line("| attention, one layer, 1 sequence at position %d, %d query heads on 1 KV head | %.0f us on every kernel thread | %.0f us on the calling thread alone | %.2fx | |",
                MqaAttentionBench.POSITION, MqaAttentionBench.HEADS, all / 1000, calling / 1000, calling / all);
    }

    /** Runs {@code benchmark}'s {@code attention} method: its score in ns for each value of {@code param}. */
    private static Map<String, Double> nanosByParam(Class<?> benchmark, String param) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(benchmark.getName() + ".attention$").forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
                .measurementTime(TimeValue.seconds(1)).jvmArgsAppend("--add-modules", "jdk.incubator.vector").build()).run();
        Map<String, Double> nanos = new HashMap<>();
        for (RunResult r : results) {
            nanos.put(r.getParams().getParam(param), r.getPrimaryResult().getScore());
        }
        return nanos;
    }

    /** A node process: resident memory against weights + KV pool, after 1,000 and after 10,000 requests. */
    private void memory() throws Exception {
        long kvBytes = 256L << 20;
        long weightBytes;
        try (LoadedModel model = LoadedModel.preset("tiny-chat", WeightType.Q8_0)) {
            weightBytes = model.llama().weights().bytesPerToken() + model.llama().weights().tokenEmbedding().bytes();
        }
        try (NodeProcess node = NodeProcess.start(List.of("-XX:+UseSerialGC", "-Xmx512m"), List.of("--models", "tiny-chat",
                "--kv-memory", "256MiB", "--control-token", "bench-token-0123456789", "--warm-up", "0"))) {
            String url = node.url();
            HttpClient client = HttpClient.newHttpClient();
            send(client, url, 1_000);
            long rssAfter1k = rss(node.pid());
            long liveAfter1k = liveHeap(node.pid());
            send(client, url, 9_000);
            long rssAfter10k = rss(node.pid());
            long liveAfter10k = liveHeap(node.pid());
            double bar = 1.2 * (weightBytes + kvBytes) + (200L << 20);
            line("| node resident memory | %d MiB after 1k requests, %d MiB after 10k | weights %d MiB + KV pool %d MiB | %.2fx of the sum | <= 1.2x + 200 MiB (%d MiB), flat |",
                    rssAfter1k >> 20, rssAfter10k >> 20, weightBytes >> 20, kvBytes >> 20,
                    (double) rssAfter10k / (weightBytes + kvBytes), (long) bar >> 20);
            line("| node live heap after a full collection | %.1f MiB after 1k requests, %.1f MiB after 10k | | %+.1f MiB | flat |",
                    liveAfter1k / 1048576.0, liveAfter10k / 1048576.0, (liveAfter10k - liveAfter1k) / 1048576.0);
        }
    }

    private static void send(HttpClient client, String url, int count) throws InterruptedException {
        AtomicInteger failures = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < count; i++) {
                int n = i;
                pool.submit(() -> {
                    String body = String.format(Locale.ROOT,
                            "{\"model\":\"tiny-chat\",\"prompt\":\"request %d of the memory soak\",\"max_tokens\":2,\"seed\":%d}", n, n);
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/v1/completions"))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                });
            }
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + count + " soak requests failed");
        }
    }

    /**
     * The node's heap in use right after a full collection ({@code jcmd GC.run}, then each generation's used
     * figures of {@code GC.heap_info}): what a leak would grow. The resident size also grows as the
     * JVM first touches pages of the heap it committed at start (by default 1/64 of the machine's
     * memory), leak or not.
     */
    private static long liveHeap(long pid) throws Exception {
        jcmd(pid, "GC.run");
        long used = 0;
        Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        while (m.find()) {
            used += Long.parseLong(m.group(1)) << 10;
        }
        if (used == 0) {
            throw new IllegalStateException("no heap figures from jcmd " + pid + " GC.heap_info");
        }
        return used;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }

    private static long rss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    private void line(String format, Object... args) {
        lines.add(String.format(Locale.ROOT, format, args));
    }
}
