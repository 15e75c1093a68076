package dev.firebreak.app.gameday;

import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A row per node with a toggle per fault and a Crash button; disabled on a node that does not answer,
 * and, with the reason as tooltip, on a node whose engine has no fault injection.
 */
final class FaultGrid extends GridPane {

    private static final String CRASH = "the node process exits at once, as in a kill -9";

    private final GameDayViewModel model;
    private final Map<String, List<ToggleButton>> toggles = new TreeMap<>();
    private final Map<String, Button> crashes = new TreeMap<>();

    FaultGrid(GameDayViewModel model) {
        super(8, 6);
        this.model = model;
        setAlignment(Pos.TOP_LEFT);
        model.nodes().addListener((ListChangeListener<NodeFaults>) change -> show());
        show();
    }

    private void show() {
        if (!new ArrayList<>(toggles.keySet()).equals(model.nodes().stream().map(NodeFaults::id).toList())) {
            rebuild();
        }
        for (NodeFaults node : model.nodes()) {
            List<ToggleButton> row = toggles.get(node.id());
            for (int i = 0; i < Fault.values().length; i++) {
                ToggleButton t = row.get(i);
                t.setSelected(node.isOn(Fault.values()[i]));
                t.setDisable(!node.switchable());
                t.setUserData(node);
                String why = node.unavailable() != null ? node.unavailable() : Fault.values()[i].effect();
                if (t.getTooltip() == null || !why.equals(t.getTooltip().getText())) {
                    t.setTooltip(new Tooltip(why));
                }
            }
            crashes.get(node.id()).setDisable(!node.switchable());
            crashes.get(node.id()).setUserData(node);
            String why = node.unavailable() != null ? node.unavailable() : CRASH;
            Button crash = crashes.get(node.id());
            if (crash.getTooltip() == null || !why.equals(crash.getTooltip().getText())) {
                crash.setTooltip(new Tooltip(why));
            }
        }
    }

    private void rebuild() {
        getChildren().clear();
        toggles.clear();
        crashes.clear();
        int r = 0;
        for (NodeFaults node : model.nodes()) {
            Label name = new Label(node.id());
            name.setMinWidth(70);
            add(name, 0, r);
            List<ToggleButton> row = new ArrayList<>();
            int c = 1;
            for (Fault fault : Fault.values()) {
                ToggleButton toggle = new ToggleButton(fault.label());
                toggle.setId("fault-" + node.id() + "-" + fault.name().toLowerCase(Locale.ROOT));
                toggle.setTooltip(new Tooltip(fault.effect()));
                toggle.setOnAction(e -> model.switchFault((NodeFaults) toggle.getUserData(), fault, toggle.isSelected()));
                row.add(toggle);
                add(toggle, c++, r);
            }
            Button crash = new Button("Crash");
            crash.setId("fault-" + node.id() + "-crash");
            crash.getStyleClass().add("danger");
            crash.setTooltip(new Tooltip(CRASH));
            crash.setOnAction(e -> model.crash((NodeFaults) crash.getUserData()));
            crashes.put(node.id(), crash);
            add(crash, c, r);
            toggles.put(node.id(), row);
            r++;
        }
    }
}
