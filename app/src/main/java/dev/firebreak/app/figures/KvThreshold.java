package dev.firebreak.app.figures;

import dev.firebreak.agent.api.ClusterSnapshot;

/**
 * The gateway's KV threshold as the agent serves it: a node whose KV usage for a model is at or
 * above it gets no new requests for that model. The console's colours and previews use this one
 * rule, so they say what the gateway will do.
 *
 * @param share 0-1; 0 when the agent did not say (then nothing is called over it)
 */
public record KvThreshold(double share) {

    public static final KvThreshold UNKNOWN = new KvThreshold(0);

    public KvThreshold {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("a KV threshold is a share of 0-1, got " + share);
        }
    }

    public static KvThreshold of(ClusterSnapshot snapshot) {
        return new KvThreshold(snapshot.kvThreshold());
    }

    public boolean known() {
        return share > 0;
    }

    /** True when the gateway sends no new requests to a node at {@code usage} (0-1) of a model's KV blocks. */
    public boolean refuses(double usage) {
        return known() && usage >= share;
    }

    /** "90%". */
    public String percent() {
        return Math.round(share * 100) + "%";
    }
}
