package dev.firebreak.node.engine.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Splits index ranges across a fixed pool of worker threads, created once: kernels never create
 * threads per call. Small ranges run on the caller, where handing off would cost more than it saves.
 */
public final class Parallel {

    /** A body that handles the indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final ForkJoinPool POOL = new ForkJoinPool(Kernels.THREADS,
            pool -> {
                var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                thread.setName("kernel-" + thread.getPoolIndex());
                thread.setDaemon(true);
                return thread;
            }, null, false);

    private Parallel() {
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into about one chunk per worker, each chunk a
     * multiple of {@code grain} (so register-blocked kernels get whole tiles). Work under
     * {@code minParallel} units stays on the calling thread.
     */
    public static void forRange(int n, int grain, long minParallel, long costPerUnit, RangeBody body) {
        int workers = Kernels.THREADS;
        if (workers == 1 || n <= grain || (long) n * costPerUnit < minParallel) {
            body.run(0, n);
            return;
        }
        int units = (n + grain - 1) / grain;
        int chunks = Math.min(workers, units);
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks);
        int start = 0;
        for (int c = 0; c < chunks; c++) {
            int unitsHere = units / chunks + (c < units % chunks ? 1 : 0);
            int end = Math.min(n, start + unitsHere * grain);
            int from = start;
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    body.run(from, end);
                }
            });
            start = end;
        }
        if (ForkJoinTask.getPool() == POOL) {
            ForkJoinTask.invokeAll(tasks);
        } else {
            POOL.invoke(new RecursiveAction() {
                @Override
                protected void compute() {
                    invokeAll(tasks);
                }
            });
        }
    }
}
