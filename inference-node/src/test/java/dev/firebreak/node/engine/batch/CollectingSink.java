package dev.firebreak.node.engine.batch;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Records what a request produced, for tests. */
class CollectingSink implements TokenSink {

    final StringBuilder text = new StringBuilder();
    volatile FinishReason reason;
    volatile String errorCode;
    volatile int completionTokens;
    private final CountDownLatch done = new CountDownLatch(1);

    @Override
    public void onText(String chunk) {
        text.append(chunk);
    }

    @Override
    public void onFinish(FinishReason finishReason, int promptTokens, int completion) {
        reason = finishReason;
        completionTokens = completion;
        done.countDown();
    }

    @Override
    public void onError(String code, String message) {
        errorCode = code;
        done.countDown();
    }

    CollectingSink await() throws InterruptedException {
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("request did not end within 60 s; text so far: " + text);
        }
        return this;
    }
}
