package dev.firebreak.app.gameday;

import dev.firebreak.node.api.FaultSettings;

import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** A fault the game-day panel can switch on a node, and how it reads and changes the node's fault settings. */
public enum Fault {
    KV_LEAK("KV leak", "leaks 8 KV blocks per finished request", f -> f.leakBlocksPerRequest() > 0,
            f -> with(f, 8, null, null, null, null), f -> with(f, 0, null, null, null, null)),
    LATENCY("Latency", "adds 1.5 s before each request starts", f -> f.addedLatencyMillis() > 0,
            f -> with(f, null, 1500L, null, null, null), f -> with(f, null, 0L, null, null, null)),
    ERRORS("Errors", "fails 30% of requests with HTTP 500", f -> f.errorRate() > 0,
            f -> with(f, null, null, 0.3, null, null), f -> with(f, null, null, 0.0, null, null)),
    TRUNCATION("Truncation", "cuts 30% of answers short", f -> f.truncateRate() > 0,
            f -> with(f, null, null, null, 0.3, null), f -> with(f, null, null, null, 0.0, null)),
    STALL("Stall", "stops decoding for 30 s", f -> f.stallSeconds() > 0,
            f -> with(f, null, null, null, null, 30L), f -> with(f, null, null, null, null, 0L));

    private final String label;
    private final String effect;
    private final Predicate<FaultSettings> on;
    private final UnaryOperator<FaultSettings> switchOn;
    private final UnaryOperator<FaultSettings> switchOff;

    Fault(String label, String effect, Predicate<FaultSettings> on, UnaryOperator<FaultSettings> switchOn,
          UnaryOperator<FaultSettings> switchOff) {
        this.label = label;
        this.effect = effect;
        this.on = on;
        this.switchOn = switchOn;
        this.switchOff = switchOff;
    }

    public String label() {
        return label;
    }

    public String effect() {
        return effect;
    }

    public boolean isOn(FaultSettings settings) {
        return settings != null && on.test(settings);
    }

    /** {@code settings} with this fault switched on or off, the others kept. */
    public FaultSettings set(FaultSettings settings, boolean wanted) {
        FaultSettings base = settings == null ? FaultSettings.NONE : settings;
        return wanted ? switchOn.apply(base) : switchOff.apply(base);
    }

    private static FaultSettings with(FaultSettings f, Integer leak, Long latency, Double errors, Double truncate, Long stall) {
        return new FaultSettings(leak != null ? leak : f.leakBlocksPerRequest(), latency != null ? latency : f.addedLatencyMillis(),
                errors != null ? errors : f.errorRate(), truncate != null ? truncate : f.truncateRate(),
                stall != null ? stall : f.stallSeconds(), false);
    }
}
