package dev.firebreak.app.overview;

import dev.firebreak.app.figures.KvThreshold;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

import static dev.firebreak.app.testing.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/** A model card's ring learns the gateway's threshold after its first figure, and colours that figure by it. */
class KvRingTest {

    @Test
    void shouldColourTheFigureShownWhenTheThresholdComesAfterIt() throws Exception {
        KvRing ring = onFx(() -> new KvRing(62, 12, 30));
        Color before = onFx(() -> {
            ring.show(91, KvThreshold.UNKNOWN);
            return ring.colour();
        });

        Color after = onFx(() -> {
            ring.threshold(new KvThreshold(0.9));
            return ring.colour();
        });

        assertThat(onFx(ring::figure)).isEqualTo("91%");
        assertThat(after).as("amber where the gateway refuses new work").isNotEqualTo(before);
        assertThat(onFx(() -> {
            ring.show(Double.NaN, new KvThreshold(0.9));
            return ring.figure();
        })).isEqualTo("n/a");
    }
}
