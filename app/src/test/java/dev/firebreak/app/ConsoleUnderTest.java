package dev.firebreak.app;

import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;

/** The console on JavaFX's Headless platform for a test class: open, read on the FX thread, close. */
final class ConsoleUnderTest {

    private ConsoleUnderTest() {
    }

    static ConsoleApp open(ConsoleOptions options) throws Exception {
        FxToolkit.registerPrimaryStage();
        return (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(options));
    }

    /** Closes the console, then what the test started for it (a local cluster), even if the first fails. */
    static void close(ConsoleApp app, AutoCloseable started) throws Exception {
        try {
            FxToolkit.cleanupApplication(app);
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }

    /** Reads a value on the FX thread. */
    static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }
}
