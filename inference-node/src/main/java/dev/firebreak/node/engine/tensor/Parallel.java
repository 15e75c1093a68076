package dev.firebreak.node.engine.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits index ranges across worker threads created once, the caller taking a share too.
 * Kernels are short (tens of microseconds in decode), shorter than waking a parked thread, so
 * workers spin briefly for the next job before parking: the OpenMP way, not the fork/join way
 * (measured: fork/join made 2-thread decode slower than 1 thread).
 *
 * <p>A job's chunks are claimed, not assigned: a thread that finishes its chunk takes the next one
 * left, so a worker that wakes late or runs on a busier core costs at most one chunk of waiting.
 *
 * <p>One job runs at a time; a caller that finds the workers busy, or a kernel nested in a job,
 * runs its range on its own thread.
 */
public final class Parallel {

    /** A body that handles the indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** How long an idle worker spins for the next job before parking. */
    private static final long SPIN_NANOS = 200_000;

    private static final ReentrantLock BUSY = new ReentrantLock();
    private static final Worker[] WORKERS = startWorkers(Kernels.THREADS - 1);
    private static final ThreadLocal<Boolean> IN_JOB = ThreadLocal.withInitial(() -> false);

    private static volatile Job current;
    private static volatile long generation;

    /** One split of a range into chunks, claimed in order by the caller and the workers. */
    private record Job(RangeBody body, int[] bounds, AtomicInteger next, AtomicInteger pending,
                       AtomicReference<Throwable> failure) {
        int chunks() {
            return bounds.length - 1;
        }

        /** Runs chunks until none is left to claim. */
        void work() {
            for (int c = next.getAndIncrement(); c < chunks(); c = next.getAndIncrement()) {
                try {
                    body.run(bounds[c], bounds[c + 1]);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }

    private Parallel() {
    }

    /**
     * Runs {@code body} over {@code [0, n)} in about one chunk per thread, each a multiple of
     * {@code grain} units (so register-blocked kernels get whole tiles). Work under
     * {@code minParallel} (units × {@code costPerUnit}) stays on the calling thread.
     */
    public static void forRange(int n, int grain, long minParallel, long costPerUnit, RangeBody body) {
        forRange(n, grain, minParallel, costPerUnit, 1, body);
    }

    /**
     * Like {@link #forRange(int, int, long, long, RangeBody)} in about {@code piecesPerThread}
     * chunks per thread: more pieces even out threads that run at different speeds, fewer keep
     * each thread's reads in longer sequential streams.
     */
    public static void forRange(int n, int grain, long minParallel, long costPerUnit, int piecesPerThread, RangeBody body) {
        int units = (n + grain - 1) / grain;
        if (WORKERS.length == 0 || units < 2 || (long) n * costPerUnit < minParallel || IN_JOB.get()
                || !BUSY.tryLock()) {
            body.run(0, n);
            return;
        }
        try {
            run(n, grain, units, Math.max(1, piecesPerThread), body);
        } finally {
            BUSY.unlock();
        }
    }

    /**
     * Runs {@code task} with every kernel it calls on the calling thread alone, as a kernel nested
     * in a job runs: one core's speed, for comparing with all cores' in the same seconds.
     */
    public static void onCallingThread(Runnable task) {
        boolean nested = IN_JOB.get();
        IN_JOB.set(true);
        try {
            task.run();
        } finally {
            IN_JOB.set(nested);
        }
    }

    private static void run(int n, int grain, int units, int piecesPerThread, RangeBody body) {
        int chunks = Math.min((WORKERS.length + 1) * piecesPerThread, units);
        int[] bounds = new int[chunks + 1];
        for (int c = 0; c < chunks; c++) {
            int unitsHere = units / chunks + (c < units % chunks ? 1 : 0);
            bounds[c + 1] = Math.min(n, bounds[c] + unitsHere * grain);
        }
        Job job = new Job(body, bounds, new AtomicInteger(), new AtomicInteger(chunks), new AtomicReference<>());
        current = job;
        generation++;
        for (int w = 0; w < Math.min(WORKERS.length, chunks - 1); w++) {
            LockSupport.unpark(WORKERS[w].thread);
        }
        IN_JOB.set(true);
        try {
            job.work();
        } finally {
            IN_JOB.set(false);
        }
        while (job.pending().get() > 0) {
            Thread.onSpinWait();
        }
        current = null;
        Throwable failure = job.failure().get();
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private static Worker[] startWorkers(int count) {
        Worker[] workers = new Worker[Math.max(0, count)];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i);
        }
        return workers;
    }

    /** A worker claims chunks of each job it sees until none is left. */
    private static final class Worker implements Runnable {
        private final Thread thread;
        private long seen;
        /** The last job this worker ran: a job is never run twice, however the wake-ups interleave. */
        private Job last;

        Worker(int index) {
            this.thread = Thread.ofPlatform().name("kernel-" + (index + 1)).daemon().unstarted(this);
            thread.start();
        }

        @Override
        public void run() {
            IN_JOB.set(true);
            while (true) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (generation == seen) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                seen = generation;
                Job job = current;
                if (job != null && job != last) {
                    last = job;
                    job.work();
                }
            }
        }
    }
}
