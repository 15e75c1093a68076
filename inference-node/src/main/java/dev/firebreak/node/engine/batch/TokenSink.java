package dev.firebreak.node.engine.batch;

/**
 * Where a request's output goes. Called on the engine thread, so implementations must not block
 * (a stream handler queues; it never writes to the socket here). Exactly one of
 * {@link #onFinish} or {@link #onError} ends every request.
 */
public interface TokenSink {

    /** More text (complete characters; may be empty when a token only started one). */
    void onText(String text);

    void onFinish(FinishReason reason, int promptTokens, int completionTokens);

    /**
     * @param code machine-readable: {@code deadline_exceeded}, {@code cancelled}, {@code draining},
     *             {@code engine_error}, ...
     */
    void onError(String code, String message);
}
