package dev.firebreak.app.actions;

import dev.firebreak.app.fx.Labels;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The confirmation every action goes through, over the window (not a separate dialog): what it
 * would do, in current figures, a reason for the audit log and, for overrides, an expiry. Enter
 * confirms, Escape cancels.
 */
public final class ConfirmationPane extends StackPane {

    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");

    public ConfirmationPane(ConfirmationViewModel model) {
        setId("confirmation");
        getStyleClass().add("confirmation-overlay");
        visibleProperty().bind(model.askingProperty());
        Label title = new Label();
        title.getStyleClass().add("confirmation-title");
        title.textProperty().bind(model.titleProperty());
        Label impact = Labels.bound("confirmation-impact", "confirmation-impact", model.impactProperty());
        impact.setWrapText(true);
        model.warningProperty().subscribe(warn -> impact.pseudoClassStateChanged(WARNING, warn));
        Label choiceLabel = new Label();
        choiceLabel.textProperty().bind(model.choiceLabelProperty());
        ComboBox<String> choice = new ComboBox<>(model.choices());
        choice.setId("confirmation-choice");
        choice.setEditable(true);
        choice.setMaxWidth(Double.MAX_VALUE);
        choice.getEditor().textProperty().bindBidirectional(model.choiceProperty());
        TextField reason = new TextField();
        reason.setId("confirmation-reason");
        reason.setPromptText("Reason (goes to the audit log)");
        reason.textProperty().bindBidirectional(model.reasonProperty());
        ComboBox<Expiry> expiry = new ComboBox<>();
        expiry.setId("confirmation-expiry");
        expiry.getItems().setAll(Expiry.CHOICES);
        expiry.setConverter(new StringConverter<>() {
            @Override
            public String toString(Expiry e) {
                return e == null ? "" : e.label();
            }

            @Override
            public Expiry fromString(String s) {
                return Expiry.CHOICES.stream().filter(e -> e.label().equals(s)).findFirst().orElse(Expiry.CHOICES.getFirst());
            }
        });
        expiry.valueProperty().bindBidirectional(model.expiryProperty());
        expiry.visibleProperty().bind(model.expiryOfferedProperty());
        expiry.managedProperty().bind(expiry.visibleProperty());
        Button confirm = new Button("Confirm");
        confirm.setId("confirmation-confirm");
        confirm.setDefaultButton(true);
        confirm.disableProperty().bind(model.confirmDisabledProperty());
        confirm.setOnAction(e -> model.confirm());
        Button cancel = new Button("Cancel");
        cancel.setId("confirmation-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> model.cancel());
        HBox choiceRow = new HBox(8, choiceLabel, choice);
        choiceRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(choice, Priority.ALWAYS);
        choiceRow.visibleProperty().bind(model.choiceLabelProperty().isNotEmpty());
        choiceRow.managedProperty().bind(choiceRow.visibleProperty());
        HBox buttons = new HBox(8, cancel, confirm);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox card = new VBox(12, title, choiceRow, impact, reason, expiry, buttons);
        card.getStyleClass().add("confirmation-card");
        card.setPadding(new Insets(20));
        card.setMaxWidth(600);
        card.setMaxHeight(USE_PREF_SIZE);
        getChildren().add(card);
        // The reason is what the operator types first.
        model.askingProperty().subscribe(asking -> {
            if (asking) {
                reason.requestFocus();
            }
        });
    }
}
