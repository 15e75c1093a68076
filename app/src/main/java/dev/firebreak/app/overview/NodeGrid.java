package dev.firebreak.app.overview;

import dev.firebreak.app.figures.KvThreshold;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The node tiles as a virtualised grid: a list of rows, as many tiles to a row as the width
 * holds, and only the rows on screen are built (a few dozen tiles at most, whatever the fleet's
 * size). Scrolling or an update re-fills the same tiles.
 */
final class NodeGrid extends ListView<List<NodeTile>> {

    static final double TILE = 170;
    static final double GAP = 10;

    private final ObservableList<NodeTile> nodes;
    private final OverviewViewModel model;
    private int perRow = 1;

    NodeGrid(OverviewViewModel model) {
        super(FXCollections.observableArrayList());
        this.model = model;
        this.nodes = model.nodes();
        setId("node-grid");
        getStyleClass().add("node-grid");
        setFixedCellSize(TILE + GAP);
        setFocusTraversable(false);
        setCellFactory(list -> new Row());
        nodes.addListener(this::nodesChanged);
        widthProperty().subscribe(width -> {
            int fits = Math.max(1, (int) ((width.doubleValue() - 2 * GAP) / (TILE + GAP)));
            if (fits != perRow) {
                perRow = fits;
                rows();
            }
        });
        model.kvThresholdProperty().subscribe(threshold -> refresh());
    }

    /**
     * A node's tile replaced (the common case: each second's figures) re-cuts only its row; a node
     * coming or going re-cuts them all. Re-cutting them all at each replacement made an update of
     * 200 changed nodes cut 200 rows of tiles 200 times, a third of the overview's FX thread.
     */
    private void nodesChanged(ListChangeListener.Change<? extends NodeTile> change) {
        int rowCount = (nodes.size() + perRow - 1) / perRow;
        boolean replacedOnly = getItems().size() == rowCount;
        BitSet touched = new BitSet();
        while (change.next()) {
            if (change.wasReplaced() && change.getAddedSize() == change.getRemovedSize()) {
                touched.set(change.getFrom() / perRow, (change.getTo() - 1) / perRow + 1);
            } else {
                replacedOnly = false;
            }
        }
        if (!replacedOnly) {
            rows();
            return;
        }
        for (int r = touched.nextSetBit(0); r >= 0; r = touched.nextSetBit(r + 1)) {
            List<NodeTile> row = List.copyOf(nodes.subList(r * perRow, Math.min(nodes.size(), (r + 1) * perRow)));
            if (!row.equals(getItems().get(r))) {
                getItems().set(r, row);
            }
        }
    }

    /** The nodes cut into rows of {@link #perRow}; rows that did not change keep their cells as they are. */
    private void rows() {
        List<List<NodeTile>> rows = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i += perRow) {
            rows.add(List.copyOf(nodes.subList(i, Math.min(nodes.size(), i + perRow))));
        }
        dev.firebreak.app.fx.Rows.update(getItems(), rows, row -> row.isEmpty() ? "" : row.getFirst().id());
    }

    /** One row of tiles, made once per cell and re-filled with whatever row the cell shows. */
    private final class Row extends ListCell<List<NodeTile>> {
        private final HBox box = new HBox(GAP);
        private final List<NodeTileView> tiles = new ArrayList<>();

        Row() {
            setGraphic(box);
            getStyleClass().add("node-grid-row");
        }

        @Override
        protected void updateItem(List<NodeTile> row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                box.setVisible(false);
                return;
            }
            box.setVisible(true);
            while (tiles.size() < row.size()) {
                NodeTileView tile = new NodeTileView();
                tiles.add(tile);
                box.getChildren().add(tile);
            }
            KvThreshold threshold = model.kvThresholdProperty().get();
            for (int i = 0; i < tiles.size(); i++) {
                NodeTileView tile = tiles.get(i);
                boolean shown = i < row.size();
                if (tile.isVisible() != shown) {
                    tile.setVisible(shown);
                    tile.setManaged(shown);
                }
                if (shown) {
                    tile.show(row.get(i), threshold);
                }
            }
        }
    }
}
