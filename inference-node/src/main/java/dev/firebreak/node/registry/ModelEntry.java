package dev.firebreak.node.registry;

import dev.firebreak.node.api.KvCacheStatus;
import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.engine.batch.ModelScheduler;
import dev.firebreak.node.engine.batch.ModelStats;
import dev.firebreak.node.engine.kv.KvFigures;

/** One model on this node: whether it admits new requests, and its figures from the engine. */
public final class ModelEntry {

    private final ModelScheduler scheduler;
    private volatile boolean admissionOpen = true;

    ModelEntry(ModelScheduler scheduler) {
        this.scheduler = scheduler;
    }

    public String name() {
        return scheduler.name();
    }

    public boolean admissionOpen() {
        return admissionOpen;
    }

    public void setAdmissionOpen(boolean open) {
        this.admissionOpen = open;
    }

    public ModelScheduler scheduler() {
        return scheduler;
    }

    long kvBlocksUsed() {
        return scheduler.kv().figures().used();
    }

    public ModelStatus status() {
        KvFigures kv = scheduler.kv().figures();
        ModelStats stats = scheduler.stats();
        return new ModelStatus(name(), admissionOpen,
                new KvCacheStatus(kv.blockTokens(), kv.total(), kv.used(), kv.free(), kv.shared(), kv.orphaned()),
                stats.running(), stats.waiting(), stats.tokensPerSecond(), stats.outcomes(),
                stats.timeToFirstToken().summary(), stats.endToEnd().summary(), stats.preemptions());
    }
}
