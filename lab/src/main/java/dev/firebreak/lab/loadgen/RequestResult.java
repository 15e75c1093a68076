package dev.firebreak.lab.loadgen;

/**
 * One request's outcome.
 *
 * @param startNanos {@link System#nanoTime()} when it was due (its Poisson arrival time)
 * @param httpStatus the HTTP status, 0 when none came (refused, timed out, or never sent)
 * @param errorCode OpenAI error code, or the client's own ({@code timeout}, {@code connection_refused},
 *                  {@code connection_lost}, {@code client_overflow}); {@code null} when OK
 * @param ttftMicros time to the first text, streams only; -1 when none came or not a stream
 * @param latencyMicros from due time to the end of the answer (or to the failure)
 * @param node the node that answered, from the gateway's {@code X-Firebreak-Node} header, if any
 * @param finishReason the answer's finish reason ({@code stop}, {@code length}), {@code null} when none came
 */
public record RequestResult(String model, boolean stream, long startNanos, Outcome outcome, int httpStatus,
                            String errorCode, long ttftMicros, long latencyMicros, String node, String finishReason) {

    /** {@link System#nanoTime()} when the request ended. */
    public long endNanos() {
        return startNanos + latencyMicros * 1000;
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }
}
