package dev.firebreak.node.engine.tensor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ParallelTest {

    @Test
    void shouldVisitEveryIndexExactlyOnceInWholeGrains() {
        for (int pieces : new int[] {1, 4}) {
            for (int n : new int[] {1, 2, 3, 7, 64, 1001}) {
                AtomicIntegerArray visits = new AtomicIntegerArray(n);
                Parallel.forRange(n, 4, 0, 1, pieces, (from, to) -> {
                    assertThat(from % 4).isZero();
                    for (int i = from; i < to; i++) {
                        visits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertThat(visits.get(i)).as("%d pieces a thread, n=%d, index %d", pieces, n, i).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void shouldStayCorrectWithManyCallersAndManyJobs() throws Exception {
        try (ExecutorService callers = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                results.add(callers.submit(() -> {
                    for (int job = 0; job < 500; job++) {
                        AtomicIntegerArray visits = new AtomicIntegerArray(97);
                        Parallel.forRange(97, 1, 0, 1, 1 + job % 4, (from, to) -> {
                            for (int i = from; i < to; i++) {
                                visits.incrementAndGet(i);
                            }
                        });
                        for (int i = 0; i < 97; i++) {
                            if (visits.get(i) != 1) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    @Test
    void shouldRunTheWholeRangeOnTheCallingThreadWhenAskedAndSplitItAgainAfterwards() {
        assumeTrue(Kernels.THREADS > 1, "with one kernel thread every range runs on the caller anyway");
        List<String> calls = new ArrayList<>();
        Parallel.onCallingThread(() -> Parallel.forRange(1000, 1, 0, 1, 4, (from, to) ->
                calls.add(from + "-" + to + " on " + Thread.currentThread().getName())));
        assertThat(calls).containsExactly("0-1000 on " + Thread.currentThread().getName());

        AtomicIntegerArray chunks = new AtomicIntegerArray(1);
        Parallel.forRange(1000, 1, 0, 1, 4, (from, to) -> chunks.incrementAndGet(0));
        assertThat(chunks.get(0)).isEqualTo(4 * Kernels.THREADS);

        assertThatThrownBy(() -> Parallel.onCallingThread(() -> {
            throw new IllegalStateException("task failed");
        })).hasMessage("task failed");
        chunks.set(0, 0);
        Parallel.forRange(1000, 1, 0, 1, 4, (from, to) -> chunks.incrementAndGet(0));
        assertThat(chunks.get(0)).as("split again after a failed task on the calling thread").isEqualTo(4 * Kernels.THREADS);
    }

    @Test
    void shouldRethrowAFailureOfAnyChunkToTheCaller() {
        assertThatThrownBy(() -> Parallel.forRange(100, 1, 0, 1, (from, to) -> {
            if (to == 100) {
                throw new IllegalStateException("chunk ending at 100 failed");
            }
        })).hasMessage("chunk ending at 100 failed");
        // And the workers are still usable afterwards.
        AtomicIntegerArray visits = new AtomicIntegerArray(10);
        Parallel.forRange(10, 1, 0, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                visits.incrementAndGet(i);
            }
        });
        assertThat(visits.get(9)).isEqualTo(1);
    }
}
