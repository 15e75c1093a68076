package dev.firebreak.node.lifecycle;

import dev.firebreak.node.engine.batch.Engine;
import dev.firebreak.node.engine.batch.FinishReason;
import dev.firebreak.node.engine.batch.GenerationRequest;
import dev.firebreak.node.engine.batch.ModelScheduler;
import dev.firebreak.node.engine.batch.TokenSink;
import dev.firebreak.node.engine.sampling.SamplingParams;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Brings a fresh node's engine to speed before it takes traffic. A new JVM runs its first requests
 * in the interpreter, seconds each, until the JIT has compiled the Vector API kernels; a node
 * restarted into live traffic would answer its first callers that slowly, and hold their
 * gateway slots meanwhile. So the node starts WARMING (not ready, refusing requests) and sends
 * rounds of synthetic requests through every model, on the engine's own path (prefill of a batch,
 * batched decode, sampling), until the rounds stop getting faster and the JIT compiler has gone
 * quiet, or the time is up. Round times alone stop too early: between the first and the second
 * compiler a round can hold still for seconds. Its requests are not counted in the model's
 * outcomes and latencies.
 */
public final class EngineWarmUp {

    private static final System.Logger LOG = System.getLogger(EngineWarmUp.class.getName());
    /** Rounds after which the last few must have stopped improving. */
    private static final int MIN_ROUNDS = 10;
    private static final int PLATEAU_ROUNDS = 5;
    /** A round within this share of the best before it is no real improvement. */
    private static final double IMPROVEMENT = 0.9;
    /** Compiling for less than this share of the last rounds' time: the JIT has done its work. */
    private static final double QUIET_COMPILER = 0.05;
    private static final int[] PROMPT_TOKENS = {64, 24};
    private static final int OUTPUT_TOKENS = 16;

    private final Engine engine;
    private final NodeLifecycle lifecycle;
    private final Duration limit;

    public EngineWarmUp(Engine engine, NodeLifecycle lifecycle, Duration limit) {
        this.engine = engine;
        this.lifecycle = lifecycle;
        this.limit = limit;
    }

    /** Runs the warm-up on its own thread; the node serves when it ends, also if a round fails. */
    public Thread start(String nodeId) {
        return Thread.ofPlatform().name("warm-up").daemon().start(() -> {
            engine.models().forEach(m -> m.stats().recording(false));
            try {
                Result result = run();
                LOG.log(System.Logger.Level.INFO, "node={0} warmed up in {1} ms, {2} rounds: first {3} ms, best {4} ms",
                        nodeId, result.millis(), result.rounds(), result.firstMillis(), result.bestMillis());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "node={0} warm-up stopped: {1}; serving cold", nodeId, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                engine.models().forEach(m -> m.stats().recording(true));
                lifecycle.warmed();
            }
        });
    }

    /** What the warm-up took: its rounds, in milliseconds. */
    public record Result(long millis, int rounds, long firstMillis, long bestMillis) {
    }

    /** Warms up on this thread; returns when the rounds stop improving or the limit is reached. */
    Result run() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        List<Long> rounds = new ArrayList<>();
        List<Long> compiling = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(1);
        while (System.nanoTime() < deadline && !(plateau(rounds) && compilerQuiet(rounds, compiling))) {
            long roundStart = System.nanoTime();
            round(random, deadline);
            rounds.add((System.nanoTime() - roundStart) / 1_000_000);
            compiling.add(compilationMillis());
        }
        return new Result((System.nanoTime() - start) / 1_000_000, rounds.size(),
                rounds.isEmpty() ? 0 : rounds.getFirst(), rounds.stream().mapToLong(Long::longValue).min().orElse(0));
    }

    /** True once enough rounds ran and the last few did not beat the best before them by a real margin. */
    static boolean plateau(List<Long> rounds) {
        if (rounds.size() < MIN_ROUNDS) {
            return false;
        }
        long bestBefore = rounds.subList(0, rounds.size() - PLATEAU_ROUNDS).stream().mapToLong(Long::longValue).min().orElseThrow();
        long bestLately = rounds.subList(rounds.size() - PLATEAU_ROUNDS, rounds.size()).stream().mapToLong(Long::longValue).min().orElseThrow();
        return bestLately >= IMPROVEMENT * bestBefore;
    }

    /**
     * True when the JIT compiled for less than 5% of the last rounds' time, or when this JVM does
     * not report compilation time (then the rounds alone decide).
     */
    static boolean compilerQuiet(List<Long> rounds, List<Long> compilationMillis) {
        if (compilationMillis.size() <= PLATEAU_ROUNDS || compilationMillis.getLast() < 0) {
            return compilationMillis.isEmpty() || compilationMillis.getLast() < 0;
        }
        long compiled = compilationMillis.getLast() - compilationMillis.get(compilationMillis.size() - 1 - PLATEAU_ROUNDS);
        long took = rounds.subList(rounds.size() - PLATEAU_ROUNDS, rounds.size()).stream().mapToLong(Long::longValue).sum();
        return compiled <= QUIET_COMPILER * took;
    }

    /** The JIT compilers' total time so far (summed over their threads), -1 where not reported. */
    private static long compilationMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Every model gets its requests at once, so prefill and decode run batched as under load. */
    private void round(SplittableRandom random, long deadlineNanos) throws InterruptedException {
        List<ModelScheduler> models = engine.models();
        CountDownLatch done = new CountDownLatch(models.size() * PROMPT_TOKENS.length);
        AtomicReference<String> failure = new AtomicReference<>();
        for (ModelScheduler model : models) {
            int vocabulary = model.model().config().vocabSize();
            int context = model.model().config().contextLength();
            for (int length : PROMPT_TOKENS) {
                int[] prompt = random.ints(Math.min(length, context - OUTPUT_TOKENS - 1), 0, vocabulary).toArray();
                engine.submit(model.name(), new GenerationRequest("warm-up", prompt, OUTPUT_TOKENS, SamplingParams.greedy(),
                        List.of(), System.currentTimeMillis() + limit.toMillis(), new TokenSink() {
                    @Override
                    public void onText(String text) {
                    }

                    @Override
                    public void onFinish(FinishReason reason, int promptTokens, int completionTokens) {
                        done.countDown();
                    }

                    @Override
                    public void onError(String code, String message) {
                        failure.compareAndSet(null, model.name() + ": " + code + " " + message);
                        done.countDown();
                    }
                }));
            }
        }
        long left = Math.max(0, deadlineNanos - System.nanoTime()) + Duration.ofSeconds(5).toNanos();
        if (!done.await(left, TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("a warm-up round did not finish in time");
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
    }
}
