package dev.firebreak.app.actions;

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

import java.util.List;

/**
 * The confirmation every action goes through, over the window (not a separate dialog): what it
 * would do, in current figures, a reason for the audit log and, for overrides, an expiry. Enter
 * confirms, Escape cancels.
 */
public final class ConfirmationPane extends StackPane {

    /** Expiry choices: label and seconds (null = until cleared). */
    record Expiry(String label, Long seconds) {
    }

    private static final List<Expiry> EXPIRIES = List.of(new Expiry("No expiry (until cleared)", null),
            new Expiry("15 minutes", 900L), new Expiry("1 hour", 3600L), new Expiry("4 hours", 14_400L),
            new Expiry("24 hours", 86_400L));

    private final Label title = new Label();
    private final Label choiceLabel = new Label();
    private final ComboBox<String> choice = new ComboBox<>();
    private final Label impact = new Label();
    private final TextField reason = new TextField();
    private final ComboBox<Expiry> expiry = new ComboBox<>();
    private final Button confirm = new Button("Confirm");
    private final Button cancel = new Button("Cancel");
    private Confirmation current;

    public ConfirmationPane() {
        setId("confirmation");
        getStyleClass().add("confirmation-overlay");
        setVisible(false);
        title.getStyleClass().add("confirmation-title");
        impact.setId("confirmation-impact");
        impact.getStyleClass().add("confirmation-impact");
        impact.setWrapText(true);
        choice.setId("confirmation-choice");
        choice.setEditable(true);
        choice.setMaxWidth(Double.MAX_VALUE);
        choice.getEditor().textProperty().subscribe(text -> showImpact());
        reason.setId("confirmation-reason");
        reason.setPromptText("Reason (goes to the audit log)");
        expiry.setId("confirmation-expiry");
        expiry.getItems().setAll(EXPIRIES);
        expiry.setConverter(new StringConverter<>() {
            @Override
            public String toString(Expiry e) {
                return e == null ? "" : e.label();
            }

            @Override
            public Expiry fromString(String s) {
                return EXPIRIES.stream().filter(e -> e.label().equals(s)).findFirst().orElse(EXPIRIES.getFirst());
            }
        });
        confirm.setId("confirmation-confirm");
        confirm.setDefaultButton(true);
        confirm.disableProperty().bind(reason.textProperty().map(String::isBlank));
        cancel.setId("confirmation-cancel");
        cancel.setCancelButton(true);
        HBox choiceRow = new HBox(8, choiceLabel, choice);
        choiceRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(choice, Priority.ALWAYS);
        choiceRow.visibleProperty().bind(choiceLabel.textProperty().isNotEmpty());
        choiceRow.managedProperty().bind(choiceRow.visibleProperty());
        expiry.managedProperty().bind(expiry.visibleProperty());
        HBox buttons = new HBox(8, cancel, confirm);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox card = new VBox(12, title, choiceRow, impact, reason, expiry, buttons);
        card.getStyleClass().add("confirmation-card");
        card.setPadding(new Insets(20));
        card.setMaxWidth(600);
        card.setMaxHeight(USE_PREF_SIZE);
        getChildren().add(card);
        confirm.setOnAction(e -> {
            Confirmation asked = current;
            String chosen = asked.choiceLabel() == null ? null : choice.getEditor().getText().trim();
            Expiry until = expiry.getValue();
            hide();
            asked.onConfirm().accept(new Confirmation.Decision(chosen, reason.getText().trim(),
                    asked.expiry() && until != null ? until.seconds() : null));
        });
        cancel.setOnAction(e -> hide());
    }

    /** Shows the confirmation; its {@code onConfirm} gets the decision when the operator confirms. */
    public void ask(Confirmation confirmation) {
        current = confirmation;
        title.setText(confirmation.title());
        choiceLabel.setText(confirmation.choiceLabel() == null ? "" : confirmation.choiceLabel());
        choice.getItems().setAll(confirmation.choices());
        choice.getEditor().setText(confirmation.choices().isEmpty() ? "" : confirmation.choices().getFirst());
        expiry.setVisible(confirmation.expiry());
        expiry.setValue(EXPIRIES.getFirst());
        reason.clear();
        showImpact();
        setVisible(true);
        reason.requestFocus();
    }

    private void showImpact() {
        if (current != null) {
            String text;
            try {
                text = current.impact().apply(choice.getEditor().getText().trim());
            } catch (IllegalArgumentException e) {
                text = e.getMessage();
            }
            impact.setText(text);
            impact.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("warning"), text.contains("WARNING"));
        }
    }

    public void hide() {
        setVisible(false);
        current = null;
    }

    /** True while an action waits for the operator. */
    public boolean asking() {
        return isVisible();
    }
}
