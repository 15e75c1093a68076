package dev.firebreak.node.engine.batch;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuQuotaTest {

    private static final long MS = 1_000_000;

    private final AtomicLong cpu = new AtomicLong();
    private final AtomicLong clock = new AtomicLong();

    private long iteration(CpuQuota quota, long cpuMillis) {
        cpu.addAndGet(cpuMillis * MS);
        clock.addAndGet(cpuMillis * MS);
        long pause = quota.pauseNanos();
        clock.addAndGet(pause);
        return pause;
    }

    @Test
    void shouldHoldABusyEngineToItsShareOfACore() {
        CpuQuota quota = new CpuQuota(0.5, cpu::get, clock::get);
        for (int i = 0; i < 1000; i++) {
            iteration(quota, 3);
        }
        assertThat((double) cpu.get() / clock.get()).isBetween(0.49, 0.51);
    }

    @Test
    void shouldLetAnEngineWithinItsQuotaRunWithoutPauses() {
        CpuQuota quota = new CpuQuota(0.5, cpu::get, clock::get);
        for (int i = 0; i < 100; i++) {
            assertThat(iteration(quota, 1)).isZero();
            clock.addAndGet(2 * MS);
        }
    }

    @Test
    void shouldNotBankIdleTimeBeyondOnePeriod() {
        CpuQuota quota = new CpuQuota(0.5, cpu::get, clock::get);
        clock.addAndGet(60_000 * MS);
        // A minute idle buys at most one period's burst (10 ms of CPU at 0.5 cores), not 30 s of it.
        assertThat(iteration(quota, 40)).isEqualTo(60 * MS);
    }

    @Test
    void shouldCountEveryCoreOfAQuotaAboveOne() {
        CpuQuota quota = new CpuQuota(1.5, cpu::get, clock::get);
        cpu.addAndGet(50 * MS);
        clock.addAndGet(10 * MS);
        // 50 ms of CPU in 10 ms: the full bucket (30 ms at 1.5 cores) is spent and 20 ms owed, paid back at 1.5 cores.
        assertThat(quota.pauseNanos()).isEqualTo(13_333_334L);
    }

    @Test
    void shouldRefuseAQuotaOfNoCores() {
        assertThatThrownBy(() -> new CpuQuota(0, cpu::get, clock::get)).hasMessageContaining("above 0 cores");
    }
}
