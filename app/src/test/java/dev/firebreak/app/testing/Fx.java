package dev.firebreak.app.testing;

import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;

/** Work done on the FX thread from a test; the first call starts the platform (TestFX's primary stage). */
public final class Fx {

    private Fx() {
    }

    /** Runs {@code work} on the FX thread and returns its result, or throws what it threw. */
    public static <T> T onFx(Callable<T> work) throws Exception {
        FxToolkit.registerPrimaryStage(); // starts the platform once; later calls return the same stage
        return WaitForAsyncUtils.asyncFx(work).get();
    }
}
