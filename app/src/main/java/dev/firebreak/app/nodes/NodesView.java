package dev.firebreak.app.nodes;

import dev.firebreak.app.fx.StyleClasses;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.app.figures.NodeModel;
import dev.firebreak.app.fx.Buttons;
import dev.firebreak.app.fx.Columns;
import dev.firebreak.app.fx.ContainedCell;
import dev.firebreak.app.fx.KvBar;
import dev.firebreak.app.fx.LiveCell;
import dev.firebreak.app.fx.LiveRow;
import dev.firebreak.app.fx.Tables;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The node table: one row per node, live and sortable, with a KV bar per model. Greyed while the figures are stale. */
public final class NodesView extends TableView<LiveRow<NodeRow>> {

    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    public NodesView(NodesViewModel model, ObservableBooleanValue stale, ObservableStringValue actionsUnavailable,
                     Consumer<NodeRow> drainOrResume) {
        Tables.liveSortable(this, model.lines());
        Tables.setUp(this, "node-table", "No nodes yet");
        // One line a row: a fixed height spares the table measuring each row at every update.
        setFixedCellSize(30);
        getStyleClass().add("node-table");

        getColumns().add(Columns.liveText("Node", NodeRow::id, 90));
        TableColumn<LiveRow<NodeRow>, LiveRow<NodeRow>> health = Columns.whole("Health", 80, Comparator.comparing(NodeRow::health));
        health.setCellFactory(c -> new HealthCell());
        getColumns().add(health);
        getColumns().add(Columns.liveText("State", NodeRow::stateText, 200));
        getColumns().add(Columns.liveText("Kind", NodeRow::kindText, 80));
        TableColumn<LiveRow<NodeRow>, LiveRow<NodeRow>> kv = Columns.whole("KV cache per model", 240, Comparator.comparingDouble(r -> r.figures().kvUsage()));
        kv.setId("column-kv");
        kv.setCellFactory(c -> new KvCell(model));
        getColumns().add(kv);
        getColumns().add(Columns.liveText("Running", r -> r.figures().unavailable() != null && r.figures().running() == 0
                ? "n/a" : String.valueOf(r.figures().running()), 70));
        getColumns().add(Columns.liveText("Waiting", r -> r.figures().unavailable() != null && r.figures().waiting() == 0
                ? "n/a" : String.valueOf(r.figures().waiting()), 70));
        getColumns().add(Columns.live("Req/s", r -> r.figures().requestsPerSecond(),
                v -> String.format(Locale.ROOT, "%.1f", v), 70));
        getColumns().add(Columns.liveText("Uptime", NodeRow::uptimeText, 80));
        getColumns().add(Columns.liveText("Heap", NodeRow::heapText, 110));
        getColumns().add(Columns.liveText("Faults", NodeRow::faultsText, 120));
        TableColumn<LiveRow<NodeRow>, LiveRow<NodeRow>> action = Columns.whole("Action", 90, null);
        action.setCellFactory(c -> new ActionCell(actionsUnavailable, drainOrResume));
        getColumns().add(action);

        stale.subscribe(isStale -> pseudoClassStateChanged(STALE, isStale));
    }

    /**
     * The KV bar of the node's fullest model, with how many more it serves; every model's figure on
     * hover. One line a row, as in the other tables: at ten models a bar each made a row ten lines
     * tall, four nodes to a screen, and the table measured every row at every update.
     */
    private static final class KvCell extends ContainedCell<NodeRow, KvBar> {
        private final Tooltip every = new Tooltip();
        private final NodesViewModel model;

        KvCell(NodesViewModel model) {
            super(new KvBar());
            this.model = model;
            // Written when it shows, not at each second's figures for every row on screen.
            every.setOnShowing(e -> every.setText(value() == null ? "" : everyModel(value().figures().models())));
        }

        @Override
        protected void show(NodeRow row) {
            if (row == null || row.figures().models().isEmpty()) {
                showContent(false);
                setTooltip(null);
                return;
            }
            List<NodeModel> models = row.figures().models();
            NodeModel fullest = models.getFirst();
            for (NodeModel m : models) {
                if (m.kvUsage() > fullest.kvUsage()) {
                    fullest = m;
                }
            }
            content().show(models.size() == 1 ? fullest.model() : fullest.model() + " +" + (models.size() - 1), fullest.kvUsage(),
                    model.kvThresholdProperty().get());
            setTooltip(every);
            showContent(true);
        }

        private static String everyModel(List<NodeModel> models) {
            return models.stream().map(m -> m.model() + String.format(Locale.ROOT, " %.0f%%", m.kvUsage() * 100))
                    .collect(Collectors.joining("\n"));
        }
    }

    /** Drain for a serving node, Resume for a draining or drained one; disabled, with the reason, when the console may not act. */
    private static final class ActionCell extends LiveCell<NodeRow> {
        private final Button button = new Button();
        private final ObservableStringValue unavailable;

        ActionCell(ObservableStringValue unavailable, Consumer<NodeRow> actions) {
            this.unavailable = unavailable;
            button.getStyleClass().add("node-action");
            button.setOnAction(e -> {
                if (value() != null) {
                    actions.accept(value());
                }
            });
            unavailable.subscribe(reason -> refreshState());
        }

        @Override
        protected void show(NodeRow row) {
            if (row == null || row.state() == null) {
                setGraphic(null);
                return;
            }
            button.setText(row.state().drainable() ? "Drain" : "Resume");
            button.setId("action-" + row.id());
            refreshState();
            setGraphic(button);
        }

        private void refreshState() {
            String reason = unavailable.get();
            NodeRow row = value();
            boolean down = row != null && row.health() != NodeHealth.UP;
            Buttons.unavailableFor(reason != null ? reason : down ? "the node is not answering" : null, button);
        }
    }

    /** Colours health only: green up, red down; says why a node is down on hover. */
    private static final class HealthCell extends LiveCell<NodeRow> {
        private final Tooltip why = new Tooltip();

        @Override
        protected void show(NodeRow row) {
            StyleClasses.choose(this, c -> c.startsWith("health-"),
                    row == null ? null : "health-" + row.health().name().toLowerCase(Locale.ROOT));
            if (row == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            setText(row.health().name());
            String error = row.lastError();
            if (error != null) {
                why.setText(error);
            }
            setTooltip(error == null ? null : why);
        }
    }
}
