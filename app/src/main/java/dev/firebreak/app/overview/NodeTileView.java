package dev.firebreak.app.overview;

import dev.firebreak.app.figures.Health;
import dev.firebreak.app.figures.KvThreshold;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

import java.util.EnumMap;
import java.util.Map;

/**
 * One node's tile in the grid: its name, a KV ring with the figure ({@link KvRing}), state and sequences, and on
 * hover why it is in trouble; coloured only when in trouble. Made of a few plain shapes and texts
 * placed by hand, all unmanaged, rather than a TilesFX {@code Tile}: the grid re-fills a few dozen
 * tiles every second, and a tile's skin redrew and measured its texts at every figure set, and
 * every change asked the grid's rows to lay out again. A figure that did not change is not set.
 */
final class NodeTileView extends Region {

    private static final double SIZE = NodeGrid.TILE;
    private static final double RING_Y = 84;
    private static final Color DETAIL = Color.web("#9198a1");
    private static final Map<Health, Background> BACKGROUNDS = new EnumMap<>(Health.class);

    static {
        for (Health health : Health.values()) {
            Color accent = Tiles.accent(health);
            BACKGROUNDS.put(health, new Background(new BackgroundFill(
                    accent == null ? Tiles.BACKGROUND : Tiles.BACKGROUND.interpolate(accent, 0.35), new CornerRadii(8), Insets.EMPTY)));
        }
    }

    private final Text title = text(Font.font(null, FontWeight.BOLD, 13));
    private final KvRing ring = new KvRing(46, 9, 24);
    private final Text state = text(Font.font(11));
    private final Tooltip tooltip = new Tooltip();
    private NodeTile shown;
    private KvThreshold painted;

    NodeTileView() {
        setMinSize(SIZE, SIZE);
        setPrefSize(SIZE, SIZE);
        setMaxSize(SIZE, SIZE);
        state.setFill(DETAIL);
        title.relocate(10, 8);
        state.relocate(10, SIZE - 24);
        ring.relocate((SIZE - ring.getPrefWidth()) / 2, RING_Y - ring.getPrefHeight() / 2);
        getChildren().addAll(ring, title, state);
        for (Node child : getChildren()) {
            child.setManaged(false); // a new figure asks no layout of the row, the grid or the window
        }
        Tooltip.install(this, tooltip);
    }

    /** Shows {@code node}, its ring amber from {@code threshold}; sets only what changed since the last call. */
    void show(NodeTile node, KvThreshold threshold) {
        NodeTile was = shown;
        if (node.equals(was) && threshold.equals(painted)) {
            return;
        }
        if (was == null || !was.id().equals(node.id())) {
            setId("tile-" + node.id());
            title.setText(node.id());
        }
        if (was == null || was.health() != node.health()) {
            setBackground(BACKGROUNDS.get(node.health()));
            Color accent = Tiles.accent(node.health());
            title.setFill(accent == null ? Color.WHITE : accent.brighter());
        }
        ring.show(node.kvPercent(), threshold);
        if (was == null || !was.text().equals(node.text())) {
            state.setText(node.text());
        }
        if (was == null || !was.tooltip().equals(node.tooltip())) {
            tooltip.setText(node.tooltip());
        }
        shown = node;
        painted = threshold;
    }

    /** The node shown, or null before the first {@link #show}. */
    NodeTile shown() {
        return shown;
    }

    /** What the ring's centre reads: "42%", or "n/a" when the engine gives no KV figure. */
    String figure() {
        return ring.figure();
    }

    /** The ring's colour: amber from where the gateway refuses new work, red when nearly full. */
    Color ringColour() {
        return ring.colour();
    }

    private static Text text(Font font) {
        Text text = new Text();
        text.setFont(font);
        text.setFill(Color.WHITE);
        text.setTextOrigin(VPos.TOP);
        return text;
    }
}
