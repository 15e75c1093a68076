package dev.firebreak.app.gameday;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.NodeFigures;
import dev.firebreak.node.api.FaultSettings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The game-day panel of a local cluster: switch the node faults of the outage story on and off
 * (KV leak, latency, errors, truncation, stall, crash) and watch the protections work.
 */
public final class GameDayView extends ScrollPane {

    /** Applies fault settings to a node, off the FX thread; reports back through the status line. */
    public interface FaultSwitch {
        void apply(NodeFigures node, FaultSettings faults, String what);
    }

    private final GridPane grid = new GridPane(8, 6);
    private final FaultSwitch faults;
    private final Map<String, List<ToggleButton>> toggles = new TreeMap<>();
    private final Map<String, Button> crashes = new TreeMap<>();
    private final VBox content;

    public GameDayView(FaultSwitch faults, javafx.scene.Node traffic, javafx.scene.Node scenarios) {
        this.faults = faults;
        setId("game-day");
        Label title = new Label("Game day");
        title.getStyleClass().add("section-title");
        Label intro = new Label("Inject the faults of a real outage into this local cluster's nodes and watch the agent "
                + "detect them, the breakers open and the gateway route around them. Faults go straight to the node's "
                + "control endpoint; switch one off to heal it.");
        intro.setWrapText(true);
        Label faultTitle = new Label("Node faults");
        faultTitle.getStyleClass().add("section-title");
        content = new VBox(10, title, intro);
        if (traffic != null) {
            content.getChildren().add(traffic);
        }
        content.getChildren().addAll(faultTitle, grid);
        if (scenarios != null) {
            content.getChildren().add(scenarios);
        }
        content.setPadding(new Insets(12));
        setContent(content);
        setFitToWidth(true);
    }

    /** Shows each node's faults as they are now. FX thread only. */
    public void show(ClusterFigures figures) {
        List<String> ids = figures.nodes().stream().map(NodeFigures::id).toList();
        if (!new ArrayList<>(toggles.keySet()).equals(ids.stream().sorted().toList())) {
            rebuild(figures.nodes());
        }
        for (NodeFigures node : figures.nodes()) {
            List<ToggleButton> row = toggles.get(node.id());
            boolean up = node.reachability() == NodeHealth.UP;
            for (int i = 0; i < Fault.values().length; i++) {
                ToggleButton t = row.get(i);
                t.setSelected(Fault.values()[i].isOn(node.faults()));
                t.setDisable(!up);
                t.setUserData(node);
            }
            crashes.get(node.id()).setDisable(!up);
            crashes.get(node.id()).setUserData(node);
        }
    }

    private void rebuild(List<NodeFigures> nodes) {
        grid.getChildren().clear();
        toggles.clear();
        crashes.clear();
        int r = 0;
        for (NodeFigures node : nodes.stream().sorted(java.util.Comparator.comparing(NodeFigures::id)).toList()) {
            Label name = new Label(node.id());
            name.setMinWidth(70);
            grid.add(name, 0, r);
            List<ToggleButton> row = new ArrayList<>();
            int c = 1;
            for (Fault fault : Fault.values()) {
                ToggleButton toggle = new ToggleButton(fault.label());
                toggle.setId("fault-" + node.id() + "-" + fault.name().toLowerCase(java.util.Locale.ROOT));
                toggle.setTooltip(new Tooltip(fault.effect()));
                toggle.setOnAction(e -> {
                    NodeFigures current = (NodeFigures) toggle.getUserData();
                    boolean wanted = toggle.isSelected();
                    faults.apply(current, fault.set(current.faults(), wanted),
                            (wanted ? "Injected " : "Healed ") + fault.label().toLowerCase(java.util.Locale.ROOT) + " on " + current.id());
                });
                row.add(toggle);
                grid.add(toggle, c++, r);
            }
            Button crash = new Button("Crash");
            crash.setId("fault-" + node.id() + "-crash");
            crash.getStyleClass().add("danger");
            crash.setTooltip(new Tooltip("the node process exits at once, as in a kill -9"));
            crash.setOnAction(e -> {
                NodeFigures current = (NodeFigures) crash.getUserData();
                faults.apply(current, new FaultSettings(null, null, null, null, null, true), "Crashed " + current.id());
            });
            crashes.put(node.id(), crash);
            grid.add(crash, c, r);
            toggles.put(node.id(), row);
            r++;
        }
        grid.setAlignment(Pos.TOP_LEFT);
    }
}
