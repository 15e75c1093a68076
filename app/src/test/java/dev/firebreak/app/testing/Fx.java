package dev.firebreak.app.testing;

import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;

/** Work done on the FX thread from a test. */
public final class Fx {

    private Fx() {
    }

    /** Runs {@code work} on the FX thread and returns its result, or throws what it threw. */
    public static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get();
    }
}
