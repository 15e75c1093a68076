package dev.firebreak.app.fleet;

import dev.firebreak.app.connection.ConsoleState;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The fleet bar: the filter an operator sets (only trouble, a model, a node), the open incidents
 * and the worst offenders of the whole cluster. FX thread only.
 */
public final class FleetViewModel {

    private final BooleanProperty onlyTrouble = new SimpleBooleanProperty(false);
    private final StringProperty model = new SimpleStringProperty("");
    private final StringProperty node = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper incidents = new ReadOnlyStringWrapper("no open incident");
    private final ReadOnlyStringWrapper worst = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper shown = new ReadOnlyStringWrapper("");

    /** Calls {@code onChange} whenever the filter changes. */
    public void onChange(Runnable onChange) {
        onlyTrouble.subscribe(onChange);
        model.subscribe(onChange);
        node.subscribe(onChange);
    }

    public FleetFilter filter() {
        return new FleetFilter(onlyTrouble.get(), model.get(), node.get());
    }

    /** Shows the whole cluster's incidents and worst offenders, and how much of it the filter keeps. */
    public void apply(ConsoleState state, int nodesShown, int modelsShown) {
        WorstOffenders w = WorstOffenders.of(state.figures(), state.incidents());
        incidents.set(w.incidentsText());
        worst.set(w.worstText());
        int nodes = state.figures().nodes().size();
        int models = state.figures().models().size();
        shown.set(filter().isNone() ? nodes + " nodes, " + models + " models"
                : "showing " + nodesShown + " of " + nodes + " nodes, " + modelsShown + " of " + models + " models");
    }

    public BooleanProperty onlyTroubleProperty() {
        return onlyTrouble;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty nodeProperty() {
        return node;
    }

    public ReadOnlyStringProperty incidentsProperty() {
        return incidents.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty worstProperty() {
        return worst.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }
}
