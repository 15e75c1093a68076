package dev.firebreak.agent.keys;

/** One admitted request of a client: closed when it ends, with the tokens its answer used. */
public final class Lease {

    /** The lease of a request no key limits (open mode, no key given). */
    static final Lease NONE = new Lease(null);

    private final KeyQuota quota;
    private boolean closed;

    Lease(KeyQuota quota) {
        this.quota = quota;
    }

    /** Ends the request; {@code tokens} as the node reported them (0 when it did not). Only the first call counts. */
    public synchronized void close(long tokens) {
        if (!closed && quota != null) {
            quota.done(tokens);
        }
        closed = true;
    }
}
