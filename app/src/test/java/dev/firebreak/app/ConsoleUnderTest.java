package dev.firebreak.app;

import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import static dev.firebreak.app.testing.Fx.onFx;

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

    /**
     * Shows the tab {@code id} ("tab-nodes") of the first cluster, as an operator would click it: a
     * feature on a hidden tab takes no updates.
     */
    static Tab showTab(FxRobot robot, String id) throws Exception {
        TabPane tabs = robot.lookup("#cluster-tabs").queryAs(TabPane.class);
        Tab tab = onFx(() -> tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow());
        robot.interact(() -> tabs.getSelectionModel().select(tab));
        return tab;
    }
}
