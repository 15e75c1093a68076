package dev.firebreak.app.fx;

import dev.firebreak.app.figures.KvThreshold;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import org.junit.jupiter.api.Test;


import static dev.firebreak.app.testing.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/** The KV bar: filled as far as the usage, amber where the gateway refuses work, red when nearly full. */
class KvBarTest {

    private static final KvThreshold GATEWAY = new KvThreshold(0.9);

    @Test
    void shouldFillAsFarAsTheUsage() throws Exception {
        assertThat(fillWidth(0.5)).isEqualTo(45);
        assertThat(fillWidth(0)).isZero();
        assertThat(fillWidth(1.4)).as("a figure over 1 fills the track, no more").isEqualTo(90);
        assertThat(fillWidth(Double.NaN)).isZero();
    }

    @Test
    void shouldTurnAmberWhereTheGatewayRefusesAndRedWhenNearlyFull() throws Exception {
        assertThat(classesAt(0.5)).doesNotContain("kv-high", "kv-full");
        assertThat(classesAt(0.92)).contains("kv-high").doesNotContain("kv-full");
        assertThat(classesAt(0.97)).contains("kv-full").doesNotContain("kv-high");
        assertThat(onFx(() -> {
            KvBar bar = new KvBar();
            bar.show("chat", 0.97, GATEWAY);
            bar.show("chat", 0.2, GATEWAY);
            return bar.getStyleClass().stream().toList();
        })).as("a bar reused by another row drops its colour").doesNotContain("kv-high", "kv-full");
    }

    private static double fillWidth(double usage) throws Exception {
        return onFx(() -> {
            KvBar bar = new KvBar();
            new Scene(new Group(bar));
            bar.show("chat", usage, GATEWAY);
            bar.applyCss();
            bar.layout();
            Region fill = (Region) bar.lookup(".kv-fill");
            assertThat(bar.lookup(".kv-track").getLayoutBounds().getWidth()).isEqualTo(90);
            return fill.getWidth();
        });
    }

    private static java.util.List<String> classesAt(double usage) throws Exception {
        return onFx(() -> {
            KvBar bar = new KvBar();
            bar.show("chat", usage, GATEWAY);
            return bar.getStyleClass().stream().toList();
        });
    }
}
