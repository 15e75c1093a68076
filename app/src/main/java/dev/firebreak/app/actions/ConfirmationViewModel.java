package dev.firebreak.app.actions;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The confirmation every action goes through: what it would do in current figures (again for each
 * choice typed), the reason for the audit log and, for overrides, an expiry. No reason, no action.
 * FX thread only.
 */
public final class ConfirmationViewModel {

    private final BooleanProperty asking = new SimpleBooleanProperty();
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty choiceLabel = new SimpleStringProperty("");
    private final ObservableList<String> choices = FXCollections.observableArrayList();
    private final StringProperty choice = new SimpleStringProperty("");
    private final StringProperty impact = new SimpleStringProperty("");
    private final BooleanProperty warning = new SimpleBooleanProperty();
    private final StringProperty reason = new SimpleStringProperty("");
    private final BooleanProperty expiryOffered = new SimpleBooleanProperty();
    private final ObjectProperty<Expiry> expiry = new SimpleObjectProperty<>(Expiry.CHOICES.getFirst());
    private final BooleanBinding confirmDisabled = Bindings.createBooleanBinding(
            () -> reason.get() == null || reason.get().isBlank(), reason);
    private Confirmation current;

    public ConfirmationViewModel() {
        choice.subscribe(text -> showImpact());
    }

    /** Asks the operator about {@code confirmation}; its {@code onConfirm} gets the decision if confirmed. */
    public void ask(Confirmation confirmation) {
        current = confirmation;
        title.set(confirmation.title());
        choiceLabel.set(confirmation.choiceLabel() == null ? "" : confirmation.choiceLabel());
        choices.setAll(confirmation.choices());
        expiryOffered.set(confirmation.expiry());
        expiry.set(Expiry.CHOICES.getFirst());
        reason.set("");
        choice.set(confirmation.choices().isEmpty() ? "" : confirmation.choices().getFirst());
        showImpact();
        asking.set(true);
    }

    /** Sends the decision, if there is a reason. */
    public void confirm() {
        Confirmation asked = current;
        if (asked == null || confirmDisabled.get()) {
            return;
        }
        String chosen = asked.choiceLabel() == null ? null : choice.get().trim();
        Expiry until = expiry.get();
        cancel();
        asked.onConfirm().accept(new Confirmation.Decision(chosen, reason.get().trim(),
                asked.expiry() && until != null ? until.seconds() : null));
    }

    /** Closes the confirmation without acting. */
    public void cancel() {
        asking.set(false);
        current = null;
    }

    private void showImpact() {
        if (current == null) {
            return;
        }
        String text;
        try {
            text = current.impact().apply(choice.get() == null ? "" : choice.get().trim());
        } catch (IllegalArgumentException e) {
            text = e.getMessage();
        }
        impact.set(text);
        warning.set(text.contains(ImpactPreview.WARNING));
    }

    /** True while an action waits for the operator. */
    public BooleanProperty askingProperty() {
        return asking;
    }

    public StringProperty titleProperty() {
        return title;
    }

    /** What the choice is, or empty for an action without one. */
    public StringProperty choiceLabelProperty() {
        return choiceLabel;
    }

    public ObservableList<String> choices() {
        return choices;
    }

    /** The choice as typed or picked. */
    public StringProperty choiceProperty() {
        return choice;
    }

    public StringProperty impactProperty() {
        return impact;
    }

    /** True when the impact warns of harm. */
    public BooleanProperty warningProperty() {
        return warning;
    }

    public StringProperty reasonProperty() {
        return reason;
    }

    public BooleanProperty expiryOfferedProperty() {
        return expiryOffered;
    }

    public ObjectProperty<Expiry> expiryProperty() {
        return expiry;
    }

    /** True while there is no reason to write in the audit log. */
    public BooleanBinding confirmDisabledProperty() {
        return confirmDisabled;
    }
}
