package dev.firebreak.node.faults;

import dev.firebreak.node.api.FaultSettings;

import java.util.concurrent.ThreadLocalRandom;

/** The node's current fault settings, read on every request. Only changeable when faults are allowed. */
public final class Faults {

    private final boolean allowed;
    private volatile FaultSettings settings = FaultSettings.NONE;

    public Faults(boolean allowed) {
        this.allowed = allowed;
    }

    public boolean allowed() {
        return allowed;
    }

    public FaultSettings settings() {
        return settings;
    }

    /** The latency the latency fault adds to {@code model}'s requests. */
    public long addedLatencyMillis(String model) {
        return settings.hits(model) ? settings.addedLatencyMillis() : 0;
    }

    public void set(FaultSettings next) {
        if (!allowed) {
            throw new IllegalStateException("fault injection is not allowed on this node");
        }
        settings = next;
    }

    /** True for the share of {@code model}'s requests the error fault fails. */
    public boolean failThisRequest(String model) {
        if (!settings.hits(model)) {
            return false;
        }
        double rate = settings.errorRate();
        return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }

    /** True for the share of {@code model}'s answers the truncation fault cuts. */
    public boolean truncateThisAnswer(String model) {
        if (!settings.hits(model)) {
            return false;
        }
        double rate = settings.truncateRate();
        return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }
}
