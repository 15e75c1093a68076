package dev.firebreak.app.testing;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.List;

import static dev.firebreak.app.testing.Fx.onFx;

/**
 * The windows a test opens, closed after it ({@code @AutoClose}), so that the console tests'
 * lookups never find what another test showed.
 */
public final class Windows implements AutoCloseable {

    private final List<Stage> open = new ArrayList<>();

    /** Shows {@code root} in a window of its own, {@code width} x {@code height}. FX thread. */
    public <T extends Parent> T show(T root, double width, double height) {
        Stage stage = new Stage();
        open.add(stage);
        stage.setScene(new Scene(root, width, height));
        stage.show();
        return root;
    }

    @Override
    public void close() throws Exception {
        onFx(() -> {
            open.forEach(Stage::close);
            open.clear();
            return null;
        });
    }
}
