package dev.firebreak.node.engine.batch;

import dev.firebreak.node.engine.kv.ModelKv;
import dev.firebreak.node.engine.model.Batch;
import dev.firebreak.node.engine.model.KvCache;
import dev.firebreak.node.engine.model.LoadedModel;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Iteration-level scheduling of one model (continuous batching): between two forward passes,
 * finished sequences leave, waiting ones join if their blocks fit, and every running sequence
 * contributes its next rows (one for decode, a chunk of prompt for prefill). When blocks run out,
 * the most recently admitted sequence is preempted: its blocks are freed and it is recomputed
 * later, rather than anything failing. Driven by the {@link Engine} thread only.
 */
public final class ModelScheduler {

    private static final System.Logger LOG = System.getLogger(ModelScheduler.class.getName());

    private final LoadedModel model;
    private final ModelKv kv;
    private final SchedulerLimits limits;
    private final InstantSource clock;
    private final ModelStats stats;
    private final Deque<Sequence> waiting = new ArrayDeque<>();
    private final List<Sequence> running = new ArrayList<>();
    private final Deque<Sequence> incoming = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private volatile int leakBlocksPerRequest;

    public ModelScheduler(LoadedModel model, ModelKv kv, SchedulerLimits limits, InstantSource clock, ModelStats stats) {
        this.model = model;
        this.kv = kv;
        this.limits = limits;
        this.clock = clock;
        this.stats = stats;
    }

    public String name() {
        return model.name();
    }

    public LoadedModel model() {
        return model;
    }

    public ModelKv kv() {
        return kv;
    }

    public ModelStats stats() {
        return stats;
    }

    /** Fault injection: every finished request leaves this many blocks behind. */
    public void leakBlocksPerRequest(int blocks) {
        this.leakBlocksPerRequest = Math.max(0, blocks);
    }

    /** Queues a request from any thread; the returned handle cancels it. */
    Handle submit(GenerationRequest request) {
        Sequence sequence = new Sequence(request, model.tokenizer(), System.nanoTime());
        stats.waiting.incrementAndGet();
        incoming.add(sequence);
        return () -> sequence.cancelled = true;
    }

    /** A way to stop a request early, e.g. when its client went away. */
    @FunctionalInterface
    public interface Handle {
        void cancel();
    }

    boolean hasWork() {
        return !incoming.isEmpty() || !waiting.isEmpty() || !running.isEmpty();
    }

    /** One iteration: retire, admit, plan rows (preempting if blocks run out), run, sample. */
    void step() {
        Sequence arrived;
        while ((arrived = incoming.poll()) != null) {
            waiting.addLast(arrived);
        }
        retireCancelledAndExpired();
        admit();
        List<Sequence> scheduled = new ArrayList<>();
        List<Integer> chunks = new ArrayList<>();
        plan(scheduled, chunks);
        if (scheduled.isEmpty()) {
            return;
        }
        run(scheduled, chunks);
    }

    private void retireCancelledAndExpired() {
        long now = clock.millis();
        for (Sequence s : new ArrayList<>(running)) {
            checkAlive(s, now, true);
        }
        for (Sequence s : new ArrayList<>(waiting)) {
            checkAlive(s, now, false);
        }
    }

    private void checkAlive(Sequence s, long now, boolean isRunning) {
        if (s.cancelled) {
            end(s, isRunning, () -> s.request.sink().onError("cancelled", "the request was cancelled"), "cancelled");
        } else if (now > s.request.deadlineMillis()) {
            end(s, isRunning, () -> s.request.sink().onError("deadline_exceeded",
                    "the request passed its deadline after " + s.generated + " tokens"), "deadline_exceeded");
        }
    }

    private void admit() {
        while (!waiting.isEmpty() && running.size() < limits.maxRunning()) {
            Sequence s = waiting.peekFirst();
            if (s.table == null) {
                s.table = kv.newTable();
                s.computed = kv.reusePrefix(s.table, s.currentTokens());
            }
            if (!kv.grow(s.table, s.size)) {
                kv.release(s.table);
                s.table = null;
                s.computed = 0;
                return;
            }
            waiting.pollFirst();
            stats.waiting.decrementAndGet();
            stats.running.incrementAndGet();
            running.add(s);
        }
    }

    /** Rows for each running sequence within the token budget; preempts the newest when blocks run out. */
    private void plan(List<Sequence> scheduled, List<Integer> chunks) {
        int budget = limits.maxBatchTokens();
        // Decode rows first (one each), so running sequences keep streaming while prompts prefill.
        List<Sequence> order = new ArrayList<>(running);
        order.sort((a, b) -> Integer.compare(a.size - a.computed, b.size - b.computed));
        for (Sequence s : order) {
            if (!running.contains(s) || budget == 0) {
                continue;
            }
            int chunk = Math.min(s.size - s.computed, budget);
            while (!kv.grow(s.table, s.computed + chunk) || !writable(s, chunk)) {
                Sequence victim = running.getLast();
                preempt(victim);
                int at = scheduled.indexOf(victim);
                if (at >= 0) {
                    scheduled.remove(at);
                    budget += chunks.remove(at);
                }
                if (victim == s) {
                    break;
                }
            }
            if (running.contains(s)) {
                scheduled.add(s);
                chunks.add(chunk);
                budget -= chunk;
            }
        }
    }

    private boolean writable(Sequence s, int chunk) {
        int bs = kv.blockTokens();
        for (int p = s.computed; p < s.computed + chunk; p += bs - (p % bs)) {
            if (!kv.ensureWritable(s.table, p)) {
                return false;
            }
        }
        return true;
    }

    private void preempt(Sequence s) {
        kv.release(s.table);
        s.table = null;
        s.computed = 0;
        running.remove(s);
        waiting.addFirst(s);
        stats.running.decrementAndGet();
        stats.waiting.incrementAndGet();
        stats.preemptions.increment();
        LOG.log(System.Logger.Level.DEBUG, "model={0} request={1} preempted at {2} tokens", name(), s.request.id(), s.size);
    }

    private void run(List<Sequence> scheduled, List<Integer> chunks) {
        int rows = chunks.stream().mapToInt(Integer::intValue).sum();
        int[] tokens = new int[rows];
        int[] positions = new int[rows];
        KvCache[] caches = new KvCache[rows];
        boolean[] want = new boolean[rows];
        int r = 0;
        for (int i = 0; i < scheduled.size(); i++) {
            Sequence s = scheduled.get(i);
            for (int j = 0; j < chunks.get(i); j++, r++) {
                tokens[r] = s.tokens[s.computed + j];
                positions[r] = s.computed + j;
                caches[r] = s.table;
            }
            want[r - 1] = s.computed + chunks.get(i) == s.size;
        }
        float[] logits;
        try {
            logits = model.llama().forward(new Batch(tokens, positions, caches, want));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "model=" + name() + " forward pass failed", e);
            for (Sequence s : scheduled) {
                end(s, true, () -> s.request.sink().onError("engine_error", "the forward pass failed: " + e), "error");
            }
            return;
        }
        int vocab = model.config().vocabSize();
        int logitRow = 0;
        for (int i = 0; i < scheduled.size(); i++) {
            Sequence s = scheduled.get(i);
            s.computed += chunks.get(i);
            kv.publishPrefix(s.table, s.request.prompt(), s.computed);
            if (s.computed == s.size) {
                accept(s, s.sampler.sample(logits, logitRow++ * vocab, vocab));
            }
        }
    }

    private void accept(Sequence s, int token) {
        if (token == model.tokenizer().eosId()) {
            finish(s, FinishReason.STOP, false);
            return;
        }
        s.append(token);
        stats.generatedTokens.increment();
        if (s.firstTokenNanos == 0) {
            s.firstTokenNanos = System.nanoTime();
            stats.record(LatencyListener.Kind.TIME_TO_FIRST_TOKEN, (s.firstTokenNanos - s.submittedNanos) / 1000);
        }
        StopMatcher.Result out = s.stops.feed(s.decoder.push(token));
        if (!out.text().isEmpty()) {
            s.request.sink().onText(out.text());
        }
        if (out.stopped()) {
            finish(s, FinishReason.STOP, true);
        } else if (s.generated >= s.request.maxTokens() || s.size >= model.config().contextLength()) {
            finish(s, FinishReason.LENGTH, false);
        }
    }

    /** Ends a generation; unless a stop string ended it, whatever text was held back goes out first. */
    private void finish(Sequence s, FinishReason reason, boolean stopString) {
        if (!stopString) {
            StopMatcher.Result last = s.stops.feed(s.decoder.flush());
            String rest = last.stopped() ? last.text() : last.text() + s.stops.flush();
            if (!rest.isEmpty()) {
                s.request.sink().onText(rest);
            }
        }
        stats.record(LatencyListener.Kind.END_TO_END, (System.nanoTime() - s.submittedNanos) / 1000);
        stats.promptTokens.add(s.promptLength());
        if (s.generated > 1) {
            stats.record(LatencyListener.Kind.TIME_PER_OUTPUT_TOKEN, (System.nanoTime() - s.firstTokenNanos) / 1000 / (s.generated - 1));
        }
        end(s, true, () -> s.request.sink().onFinish(reason, s.promptLength(), s.generated), reason.wire());
    }

    /** Removes a sequence, frees its blocks (leaking some if the fault says so), and tells its sink. */
    private void end(Sequence s, boolean isRunning, Runnable notify, String outcome) {
        if (running.remove(s)) {
            stats.running.decrementAndGet();
        } else if (waiting.remove(s)) {
            stats.waiting.decrementAndGet();
        }
        if (s.table != null) {
            kv.releaseLeaking(s.table, leakBlocksPerRequest);
            s.table = null;
        }
        stats.countOutcome(outcome);
        try {
            notify.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "model={0} request={1} sink failed: {2}", name(), s.request.id(), e);
        }
    }

    /** Cancels everything still held, telling each sink why (drain deadline, shutdown). */
    void abortAll(String code, String message) {
        Sequence arrived;
        while ((arrived = incoming.poll()) != null) {
            waiting.addLast(arrived);
        }
        for (Sequence s : new ArrayList<>(running)) {
            end(s, true, () -> s.request.sink().onError(code, message), code);
        }
        for (Sequence s : new ArrayList<>(waiting)) {
            end(s, false, () -> s.request.sink().onError(code, message), code);
        }
    }
}
