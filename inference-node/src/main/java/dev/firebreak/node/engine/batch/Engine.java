package dev.firebreak.node.engine.batch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The node's one engine thread: it runs one iteration of one model at a time, taking the models
 * that have work in turn (round robin), so no model starves another of compute.
 */
public final class Engine implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Engine.class.getName());

    private final List<ModelScheduler> models;
    private final Map<String, ModelScheduler> byName;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Thread thread;
    private volatile boolean closed;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile long stallUntilNanos;
    private final double cpus;
    private int next;

    public Engine(List<ModelScheduler> models) {
        this(models, 0);
    }

    /** @param cpus a cap on the engine's compute in cores (see {@link CpuQuota}), or 0 for none */
    public Engine(List<ModelScheduler> models, double cpus) {
        if (cpus < 0) {
            throw new IllegalArgumentException("cpus must be 0 (no cap) or above, got " + cpus);
        }
        this.cpus = cpus;
        this.models = List.copyOf(models);
        this.byName = models.stream().collect(Collectors.toMap(ModelScheduler::name, Function.identity()));
        this.thread = Thread.ofPlatform().name("engine").daemon().start(this::loop);
    }

    public ModelScheduler model(String name) {
        return byName.get(name);
    }

    public List<ModelScheduler> models() {
        return models;
    }

    /** Queues a request for {@code model} (which must exist); wakes the engine. */
    public ModelScheduler.Handle submit(String model, GenerationRequest request) {
        ModelScheduler scheduler = byName.get(model);
        if (scheduler == null) {
            throw new IllegalArgumentException("no model '" + model + "' on this node");
        }
        ModelScheduler.Handle handle = scheduler.submit(request);
        wake();
        return handle;
    }

    private void wake() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sequences held by every model, running or waiting. */
    public int sequences() {
        return models.stream().mapToInt(m -> m.stats().running() + m.stats().waiting()).sum();
    }

    /** When the engine last finished an iteration, or went idle. */
    public long lastProgressNanos() {
        return lastProgressNanos;
    }

    /** Fault injection: the engine makes no progress until {@code nanos} from now. */
    public void stallFor(long nanos) {
        stallUntilNanos = System.nanoTime() + nanos;
    }

    /** Ends every request still held with an error event (drain deadline, shutdown). */
    public void abortAll(String code, String message) {
        lock.lock();
        try {
            abortRequested = new String[] {code, message};
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private volatile String[] abortRequested;

    private void loop() {
        CpuQuota quota = cpus > 0 ? CpuQuota.forCurrentThread(cpus) : null;
        while (!closed) {
            String[] abort = abortRequested;
            if (abort != null) {
                abortRequested = null;
                models.forEach(m -> m.abortAll(abort[0], abort[1]));
            }
            while (System.nanoTime() < stallUntilNanos && !closed) {
                sleepQuietly(10);
            }
            ModelScheduler scheduler = nextWithWork();
            if (scheduler == null) {
                lastProgressNanos = System.nanoTime();
                awaitWork();
                continue;
            }
            try {
                scheduler.step();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "model=" + scheduler.name() + " iteration failed", e);
                scheduler.abortAll("engine_error", "the engine failed: " + e);
            }
            lastProgressNanos = System.nanoTime();
            if (quota != null) {
                LockSupport.parkNanos(quota.pauseNanos());
            }
        }
    }

    private ModelScheduler nextWithWork() {
        for (int i = 0; i < models.size(); i++) {
            ModelScheduler candidate = models.get((next + i) % models.size());
            if (candidate.hasWork()) {
                next = (next + i + 1) % models.size();
                return candidate;
            }
        }
        return null;
    }

    private void awaitWork() {
        lock.lock();
        try {
            if (models.stream().noneMatch(ModelScheduler::hasWork) && abortRequested == null && !closed) {
                work.await(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        wake();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        models.forEach(m -> m.abortAll("shutting_down", "the node is shutting down"));
    }
}
