package dev.firebreak.app.actions;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.function.Consumer;

/**
 * The confirmation every action goes through, over the window (not a separate dialog): what it
 * would do, in current figures, and a reason for the audit log. Enter confirms, Escape cancels.
 */
public final class ConfirmationPane extends StackPane {

    private final Label title = new Label();
    private final Label impact = new Label();
    private final TextField reason = new TextField();
    private final Button confirm = new Button("Confirm");
    private final Button cancel = new Button("Cancel");
    private Consumer<String> onConfirm = r -> { };

    public ConfirmationPane() {
        setId("confirmation");
        getStyleClass().add("confirmation-overlay");
        setVisible(false);
        title.getStyleClass().add("confirmation-title");
        impact.setId("confirmation-impact");
        impact.setWrapText(true);
        reason.setId("confirmation-reason");
        reason.setPromptText("Reason (goes to the audit log)");
        confirm.setId("confirmation-confirm");
        confirm.setDefaultButton(true);
        confirm.disableProperty().bind(reason.textProperty().map(String::isBlank));
        cancel.setId("confirmation-cancel");
        cancel.setCancelButton(true);
        HBox buttons = new HBox(8, cancel, confirm);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox card = new VBox(12, title, impact, reason, buttons);
        card.getStyleClass().add("confirmation-card");
        card.setPadding(new Insets(20));
        card.setMaxWidth(560);
        card.setMaxHeight(USE_PREF_SIZE);
        getChildren().add(card);
        confirm.setOnAction(e -> {
            String text = reason.getText().trim();
            hide();
            onConfirm.accept(text);
        });
        cancel.setOnAction(e -> hide());
    }

    /** Shows the confirmation; {@code action} gets the reason when the operator confirms. */
    public void ask(String what, String impactText, Consumer<String> action) {
        title.setText(what);
        impact.setText(impactText);
        reason.clear();
        onConfirm = action;
        setVisible(true);
        reason.requestFocus();
    }

    public void hide() {
        setVisible(false);
    }
}
