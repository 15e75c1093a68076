package dev.firebreak.app.fx;

import javafx.application.Platform;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands the latest value from background threads to the FX thread with at most one
 * {@code Platform.runLater} in flight: a burst of updates costs one screen update, not one each.
 */
public final class FxCoalescer<T> {

    private final AtomicReference<T> latest = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<T> onFxThread;
    private final Executor fxThread;

    public FxCoalescer(Consumer<T> onFxThread) {
        this(onFxThread, Platform::runLater);
    }

    /** @param fxThread runs a task on the FX thread; a test without one runs it at once */
    public FxCoalescer(Consumer<T> onFxThread, Executor fxThread) {
        this.onFxThread = onFxThread;
        this.fxThread = fxThread;
    }

    /** Offers a new value from any thread; older values not yet shown are dropped. */
    public void submit(T value) {
        latest.set(value);
        if (scheduled.compareAndSet(false, true)) {
            fxThread.execute(this::deliver);
        }
    }

    private void deliver() {
        scheduled.set(false);
        T value = latest.getAndSet(null);
        if (value != null) {
            onFxThread.accept(value);
        }
    }
}
