package dev.firebreak.app.testing;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.text.Text;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
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

    /** The texts drawn below {@code root} (labels' and cells' alike: each is a {@code Text} shape), in scene order. FX thread. */
    public static List<String> drawnTexts(Parent root) {
        List<String> texts = new ArrayList<>();
        for (Node n : root.getChildrenUnmodifiable()) {
            if (n instanceof Text text && text.isVisible()) {
                texts.add(text.getText());
            } else if (n instanceof Parent p) {
                texts.addAll(drawnTexts(p));
            }
        }
        return texts;
    }
}
