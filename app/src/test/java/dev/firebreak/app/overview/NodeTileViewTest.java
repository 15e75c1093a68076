package dev.firebreak.app.overview;

import dev.firebreak.app.figures.Health;
import dev.firebreak.app.figures.KvThreshold;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

import static dev.firebreak.app.testing.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/** A node's tile reads its KV figure, colours its ring as the gateway's threshold says, and says n/a when the engine gives none. */
class NodeTileViewTest {

    private static final KvThreshold NINETY = new KvThreshold(0.9);

    @Test
    void shouldShowTheFigureAndColourTheRingByTheGatewaysThreshold() throws Exception {
        NodeTileView tile = onFx(NodeTileView::new);

        onFx(() -> {
            tile.show(node(42), NINETY);
            return null;
        });
        assertThat(onFx(tile::figure)).isEqualTo("42%");
        Color normal = onFx(tile::ringColour);

        onFx(() -> {
            tile.show(node(91), NINETY);
            return null;
        });
        assertThat(onFx(tile::ringColour)).as("amber where the gateway refuses new work").isNotEqualTo(normal);
        Color amber = onFx(tile::ringColour);

        onFx(() -> {
            tile.show(node(97), NINETY);
            return null;
        });
        assertThat(onFx(tile::ringColour)).as("red when nearly full").isNotIn(normal, amber);

        onFx(() -> {
            tile.show(node(91), KvThreshold.UNKNOWN);
            return null;
        });
        assertThat(onFx(tile::ringColour)).as("no threshold from the agent: nothing is called over it").isEqualTo(normal);
    }

    @Test
    void shouldSayNotAvailableWhenTheEngineGivesNoKvFigure() throws Exception {
        NodeTileView tile = onFx(NodeTileView::new);
        onFx(() -> {
            tile.show(node(Double.NaN), NINETY);
            return null;
        });
        assertThat(onFx(tile::figure)).isEqualTo("n/a");
    }

    @Test
    void shouldFollowTheNodeItIsReFilledWith() throws Exception {
        NodeTileView tile = onFx(NodeTileView::new);
        NodeTile other = new NodeTile("node-2", 10, "SERVING · 0 run / 0 wait", Health.DOWN, "node-2: DOWN");
        onFx(() -> {
            tile.show(node(42), NINETY);
            tile.show(other, NINETY);
            return null;
        });
        assertThat(onFx(tile::getId)).isEqualTo("tile-node-2");
        assertThat(onFx(tile::shown)).isEqualTo(other);
        assertThat(onFx(tile::figure)).isEqualTo("10%");
    }

    private static NodeTile node(double kvPercent) {
        return new NodeTile("node-1", kvPercent, "SERVING · 1 run / 0 wait", Health.HEALTHY, "node-1: SERVING");
    }
}
