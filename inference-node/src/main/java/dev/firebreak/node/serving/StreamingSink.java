package dev.firebreak.node.serving;

import dev.firebreak.node.engine.batch.FinishReason;
import dev.firebreak.node.engine.batch.TokenSink;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Hands a request's output from the engine thread to its HTTP handler thread, never blocking the engine. */
final class StreamingSink implements TokenSink {

    /** What the handler takes from the queue. */
    sealed interface Event {
    }

    record Text(String text) implements Event {
    }

    record Finished(FinishReason reason, int promptTokens, int completionTokens) implements Event {
    }

    record Failed(String code, String message) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void onText(String text) {
        events.add(new Text(text));
    }

    @Override
    public void onFinish(FinishReason reason, int promptTokens, int completionTokens) {
        events.add(new Finished(reason, promptTokens, completionTokens));
    }

    @Override
    public void onError(String code, String message) {
        events.add(new Failed(code, message));
    }

    /** The next event, or null when none came within the timeout. */
    Event next(long timeout, TimeUnit unit) throws InterruptedException {
        return events.poll(timeout, unit);
    }
}
