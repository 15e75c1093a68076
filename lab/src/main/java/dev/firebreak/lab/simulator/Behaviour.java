package dev.firebreak.lab.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a simulated node's KV cache and answers behave, and two ways its endpoints can fail a scrape. */
public enum Behaviour {
    /** Blocks in use follow the live sequences; answers complete. */
    STEADY,
    /** Finished requests leave blocks behind: orphaned blocks (and so blocks in use) grow while live sequences do not. */
    LEAKING,
    /** Sequences stay running and no token comes out: counters freeze, tokens/s is 0, answers never finish. */
    STALLED,
    /** Answers are cut short: whole answers end early reported as "stop", streams end without {@code [DONE]}. */
    TRUNCATING,
    /** Accepts connections and answers nothing, on any endpoint (a wedged process): a scrape can only time out. */
    SILENT,
    /** Answers the endpoint a scrape reads first with 20 MB, sent without a length (a runaway exporter). */
    OVERSIZED;

    /** The name on the command line: {@code steady}, {@code leaking}, {@code stalled}, {@code truncating}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The behaviour named {@code id} (case ignored). */
    public static Behaviour of(String id) {
        for (Behaviour b : values()) {
            if (b.id().equalsIgnoreCase(id.strip())) {
                return b;
            }
        }
        throw new IllegalArgumentException("behaviour '" + id + "' is not one of "
                + Arrays.stream(values()).map(Behaviour::id).collect(Collectors.joining(", ")));
    }
}
