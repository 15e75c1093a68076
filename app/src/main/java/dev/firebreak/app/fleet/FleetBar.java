package dev.firebreak.app.fleet;

import dev.firebreak.app.fx.Labels;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The bar over the tabs: the filter on the left, the open incidents and the worst offenders on the right. */
public final class FleetBar extends HBox {

    public FleetBar(FleetViewModel model) {
        super(10);
        setId("fleet-bar");
        getStyleClass().add("fleet-bar");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 12, 4, 12));
        CheckBox trouble = new CheckBox("Only trouble");
        trouble.setId("filter-trouble");
        trouble.selectedProperty().bindBidirectional(model.onlyTroubleProperty());
        TextField models = field("filter-model", "model", model.modelProperty());
        TextField nodes = field("filter-node", "node", model.nodeProperty());
        Label shown = Labels.bound("filter-shown", "fleet-muted", model.shownProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label incidents = Labels.bound("fleet-incidents", "fleet-incidents", model.incidentsProperty());
        Label worst = new Label();
        worst.setId("fleet-worst");
        worst.textProperty().bind(model.worstProperty());
        getChildren().addAll(trouble, models, nodes, shown, gap, incidents, worst);
    }

    private static TextField field(String id, String prompt, javafx.beans.property.StringProperty text) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(10);
        field.textProperty().bindBidirectional(text);
        return field;
    }
}
