package dev.firebreak.lab.loadgen;

/** How one request ended, as its client saw it. */
public enum Outcome {
    /** A complete answer: a finish reason, and for a stream {@code data: [DONE]}. */
    OK,
    /** An HTTP error, an explicit error event in a stream, a refused connection or a timeout. */
    ERROR,
    /** Refused at once with 429: load shed by the server. */
    SHED,
    /**
     * Looked like a success but was cut: HTTP 200 and a stream that ended without {@code [DONE]} or
     * without a finish reason and without an error event, or a whole answer with no finish reason.
     */
    TRUNCATED
}
